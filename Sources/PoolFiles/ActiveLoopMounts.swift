import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The loop devices and mounts this process holds right now. Each is taken down exactly once, by whoever claims
/// it first: the `withMounted` that made it, or `releaseAll` (an interrupted run on its way out). Claiming once
/// matters: a loop device released here may be attached to someone else's file a moment later.
public enum ActiveLoopMounts {
    private static let held = Mutex<(next: UInt64, attachments: [UInt64: LoopAttachment])>((0, [:]))
    private static let interruptSources = Mutex<[any DispatchSourceSignal]>([])

    static func register(_ attachment: LoopAttachment) -> UInt64 {
        held.withLock { state in
            state.next += 1
            state.attachments[state.next] = attachment
            return state.next
        }
    }

    /// The attachment, if nobody has claimed it yet; the caller must release it.
    static func claim(_ key: UInt64) -> LoopAttachment? {
        held.withLock { $0.attachments.removeValue(forKey: key) }
    }

    /// Mount points held now.
    public static var mountPoints: [String] {
        held.withLock { $0.attachments.values.map(\.mountPoint) }.sorted()
    }

    /// Unmounts and detaches everything held (only what has its mount point under `directory`, when given);
    /// returns what could not be taken down.
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
                        for failure in await releaseAll() {
                            FileHandle.standardError.write(Data("drivershift: \(failure)\n".utf8))
                        }
                        exit(128 + signalNumber)
                    }
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
