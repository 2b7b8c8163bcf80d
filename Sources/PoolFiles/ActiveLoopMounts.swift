import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The mounts, loop devices and device-mapper devices this process holds right now. Each is taken down exactly
/// once, by whoever claims it first: the code that made it, or `releaseAll` (an interrupted run on its way out).
/// Claiming once matters: a loop device released here may be attached to someone else's file a moment later.
public enum ActiveLoopMounts {
    private static let held = Mutex<(next: UInt64, attachments: [UInt64: HeldMount])>((0, [:]))
    /// Read-only pools of ours, by name: taken down after every mount, since thin devices sit on them.
    private static let pools = Mutex<[UInt64: String]>([:])
    private static let interruptSources = Mutex<[any DispatchSourceSignal]>([])
    /// Attach-and-mount sequences running now, releases running now, and whether the process is on its way out.
    /// An interrupt lets no new setup start, waits for the running ones (so every device they make is registered
    /// and mounted, or given up), takes down what is held, and waits for the releases that `withMounted` calls
    /// began on their own: exiting in the middle of any of these would leave a device behind.
    private static let setups = Mutex<(running: Int, releasing: Int, closing: Bool)>((0, 0, false))

    /// Marks the start of an attach-and-mount; false once the process is closing (the caller must not attach).
    static func beginSetup() -> Bool {
        setups.withLock { state in
            guard !state.closing else { return false }
            state.running += 1
            return true
        }
    }

    static func endSetup() {
        setups.withLock { $0.running -= 1 }
    }

    /// Returns at once, unless an interrupt is being handled: then it never returns, since the handler ends the
    /// process once everything is taken down. A run calls it on its own way out, so that a run which gives up
    /// because its mounts vanished does not exit in the middle of the cleanup.
    public static func waitForInterruptCleanup() async {
        while setups.withLock({ $0.closing }) { try? await Task.sleep(for: .milliseconds(100)) }
    }

    /// Lets no new setup start, then waits (at most `seconds`) for the running ones to finish.
    static func closeAndWaitForSetups(seconds: Double = 30) async {
        setups.withLock { $0.closing = true }
        await waitUntil(seconds: seconds) { $0.running == 0 }
    }

    /// Waits (at most `seconds`) for the releases under way elsewhere to finish.
    static func waitForReleases(seconds: Double = 30) async {
        await waitUntil(seconds: seconds) { $0.releasing == 0 }
    }

    private static func waitUntil(
        seconds: Double, _ done: (borrowing (running: Int, releasing: Int, closing: Bool)) -> Bool
    ) async {
        let deadline = Date().addingTimeInterval(seconds)
        while !setups.withLock({ done($0) }) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    static func register(_ attachment: HeldMount) -> UInt64 {
        held.withLock { state in
            state.next += 1
            state.attachments[state.next] = attachment
            return state.next
        }
    }

    static func register(poolNamed name: String) -> UInt64 {
        let key = held.withLock { state in
            state.next += 1
            return state.next
        }
        pools.withLock { $0[key] = name }
        return key
    }

    /// Removes our pool `key` unless somebody has claimed it already; nil when nothing is left behind.
    static func release(pool key: UInt64) async -> PoolFilesError? {
        setups.withLock { $0.releasing += 1 }
        defer { setups.withLock { $0.releasing -= 1 } }
        guard let name = pools.withLock({ $0.removeValue(forKey: key) }) else { return nil }
        return await ActivatedPool.removeDevice(name)
    }

    /// Takes down the attachment `key` unless somebody has claimed it already; nil when nothing is left behind.
    static func release(_ key: UInt64) async -> PoolFilesError? {
        // Counted before the claim: an interrupt that finds no release running has claimed everything itself.
        setups.withLock { $0.releasing += 1 }
        defer { setups.withLock { $0.releasing -= 1 } }
        guard let attachment = held.withLock({ $0.attachments.removeValue(forKey: key) }) else { return nil }
        return await attachment.release()
    }

    /// Mount points held now.
    public static var mountPoints: [String] {
        held.withLock { $0.attachments.values.map(\.mountPoint) }.sorted()
    }

    /// Unmounts and detaches everything held, then removes our pools (only the mounts under `directory`, when
    /// given); returns what could not be taken down.
    @discardableResult
    public static func releaseAll(under directory: String? = nil) async -> [PoolFilesError] {
        let claimed = held.withLock { state in
            let keys = state.attachments.filter { entry in
                directory.map { entry.value.mountPoint.hasPrefix($0 + "/") } ?? true
            }.keys
            return keys.compactMap { state.attachments.removeValue(forKey: $0) }
        }
        var failures: [PoolFilesError] = []
        for attachment in claimed {
            if let failure = await attachment.release() { failures.append(failure) }
        }
        // Pools only when everything goes: a narrower release may leave thin devices on them.
        guard directory == nil else { return failures }
        let claimedPools = pools.withLock { state in
            let all = Array(state.values)
            state.removeAll()
            return all
        }
        for name in claimedPools {
            if let failure = await ActivatedPool.removeDevice(name) { failures.append(failure) }
        }
        return failures
    }

    /// For a long run with no signal handling of its own: on SIGINT or SIGTERM, take down every mount and loop
    /// device held, then exit with 128 + the signal. (The wizard handles signals itself, by cancelling its run;
    /// cancellation already cleans up, so it does not need this.)
    public static func installInterruptCleanup() {
        interruptSources.withLock { sources in
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    Task.detached {
                        await closeAndWaitForSetups()
                        for failure in await releaseAll() {
                            FileHandle.standardError.write(Data("drivershift: \(failure)\n".utf8))
                        }
                        await waitForReleases()
                        exit(128 + signalNumber)
                    }
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
