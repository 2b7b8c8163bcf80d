import Foundation
import HostSystem

/// An image file attached to a read-only loop device and mounted read-only in a private directory, for the
/// length of one closure. Only the loop device this value attached is ever detached.
public struct ReadOnlyLoopMount: Sendable {
    public var runner: CommandRunner

    public init(runner: CommandRunner = CommandRunner()) {
        self.runner = runner
    }

    /// Mount options that never write: xfs snapshots share their base's UUID (`nouuid`) and a device copied
    /// out of a stopped pool may hold an unreplayed log (`norecovery`); ext4 skips its journal with `noload`.
    public static func mountOptions(for filesystem: String, image: String) throws -> [String] {
        switch filesystem {
        case "xfs": return ["ro", "nouuid", "norecovery"]
        case "ext4", "ext3": return ["ro", "noload"]
        default: throw PoolFilesError.unsupportedFilesystem(filesystem, image: image)
        }
    }

    public static func attachCommand(image: String) -> Command {
        Command("losetup", ["--read-only", "--find", "--show", image])
    }

    /// Attaches `image`, mounts it on a new directory inside `scratchDirectory` in a private mount namespace
    /// (`NamespaceHolder`), runs `body` with that directory as seen through the namespace
    /// (`/proc/<holder>/root/...`), then ends the namespace, lets the loop device go and removes the directory:
    /// after success, after an error, and after cancellation.
    public func withMounted<T>(
        image: String, filesystem: String, scratchDirectory: String, _ body: (String) async throws -> T
    ) async throws -> T {
        let options = try Self.mountOptions(for: filesystem, image: image)
        try ThinTool.require("losetup")
        try ThinTool.require("mount")
        guard ActiveLoopMounts.beginSetup() else { throw CancellationError() }
        let mountPoint: String
        do {
            mountPoint = try ScratchDirectory.make(in: scratchDirectory, prefix: "mnt")
        } catch {
            ActiveLoopMounts.endSetup()
            throw error
        }
        // losetup and mount run in detached tasks: cancelled half way, either could leave a device nobody knows of.
        let runner = self.runner
        let attached: CommandResult
        do {
            attached = try await Task.detached { try await runner.run(Self.attachCommand(image: image)) }.value
        } catch {
            ActiveLoopMounts.endSetup()
            ScratchDirectory.removeEmpty(mountPoint)
            throw error
        }
        let loop = attached.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard attached.succeeded, loop.hasPrefix("/dev/") else {
            ActiveLoopMounts.endSetup()
            ScratchDirectory.removeEmpty(mountPoint)
            throw PoolFilesError.attachFailed(image: image, message: ThinTool.message(attached))
        }
        let holder: NamespaceHolder
        do {
            holder = try await NamespaceHolder.mount(
                device: loop, image: image, filesystem: filesystem, options: options, on: mountPoint)
        } catch {
            _ = await LoopRelease.wait(loopDevice: loop, image: image, runner: runner)
            ActiveLoopMounts.endSetup()
            ScratchDirectory.removeEmpty(mountPoint)
            throw error
        }
        // Detached while mounted, the loop device only goes when the mount does: whoever ends the holder, even
        // a SIGKILL of this process, takes both down.
        _ = try? await runner.run(Command("losetup", ["--detach", loop]))
        let attachment = LoopAttachment(
            loopDevice: loop, image: image, mountPoint: mountPoint, holder: holder, runner: runner)
        let key = ActiveLoopMounts.register(attachment)
        // Registered and mounted: from here an interrupt's `releaseAll` takes down the whole of it.
        ActiveLoopMounts.endSetup()
        let outcome: Result<T, any Error>
        do {
            try Task.checkCancellation()
            outcome = .success(try await body(attachment.visiblePath))
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
