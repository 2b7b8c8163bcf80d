import Foundation
import HostSystem

extension HeldMount {
    /// The life of one read-only mount, the same for a loop device and a thin device: make a private mount point
    /// in `scratchDirectory`, `attach` the device, mount it in a private namespace, run `body` with the mounted
    /// directory, then take all of it down again: after success, after an error, and after cancellation.
    /// Registered in `ActiveLoopMounts` from the moment it is mounted, so an interrupt takes it down too.
    /// - Parameter attach: makes the device; returns the node to mount and the device to let go of afterwards.
    static func withMounted<T>(
        filesystem: String, options: [String], label: String, scratchDirectory: String, runner: CommandRunner,
        attach: @escaping @Sendable () async throws -> (node: String, device: Device),
        _ body: (String) async throws -> T
    ) async throws -> T {
        guard ActiveLoopMounts.beginSetup() else { throw CancellationError() }
        let mountPoint: String
        do {
            mountPoint = try ScratchDirectory.make(in: scratchDirectory, prefix: "mnt")
        } catch {
            ActiveLoopMounts.endSetup()
            throw error
        }
        // Attaching and mounting run in detached tasks: cancelled half way, either could leave a device nobody
        // knows of.
        let attached: (node: String, device: Device)
        do {
            attached = try await Task.detached { try await attach() }.value
        } catch {
            ActiveLoopMounts.endSetup()
            ScratchDirectory.removeEmpty(mountPoint)
            throw error
        }
        let holder: NamespaceHolder
        do {
            holder = try await NamespaceHolder.mount(
                device: attached.node, image: label, filesystem: filesystem, options: options, on: mountPoint)
        } catch {
            _ = await letGo(attached.device, runner: runner)
            ActiveLoopMounts.endSetup()
            ScratchDirectory.removeEmpty(mountPoint)
            throw error
        }
        if case .loop(let loop, _) = attached.device {
            // Detached while mounted, the loop device only goes when the mount does: whoever ends the holder,
            // even a SIGKILL of this process, takes both down.
            _ = try? await runner.run(Command("losetup", ["--detach", loop]))
        }
        let held = HeldMount(device: attached.device, mountPoint: mountPoint, holder: holder, runner: runner)
        let key = ActiveLoopMounts.register(held)
        // Registered and mounted: from here an interrupt's `releaseAll` takes down the whole of it.
        ActiveLoopMounts.endSetup()
        let outcome: Result<T, any Error>
        do {
            try Task.checkCancellation()
            outcome = .success(try await body(held.visiblePath))
        } catch {
            outcome = .failure(error)
        }
        // A detached task: a cancelled caller's task would cancel (or refuse to start) the cleanup commands.
        // Nothing to claim means an interrupt's `releaseAll` has taken it down already.
        let cleanup = await Task.detached { await ActiveLoopMounts.release(key) }.value
        switch (outcome, cleanup) {
        case (.success(let value), .none): return value
        case (.failure(let error), .none): throw error
        case (.success, .some(let failure)): throw failure
        // Something left behind outweighs the failure that led there, but that failure is kept in the message.
        case (.failure(let error), .some(.cleanupFailed(let what, let message))):
            throw PoolFilesError.cleanupFailed(what: what, message: "\(message), after: \(error)")
        case (.failure, .some(let failure)): throw failure
        }
    }
}
