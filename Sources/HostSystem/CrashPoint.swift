import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Named moments inside long steps where a crash test may stop the process.
///
/// With `DRIVERSHIFT_STOP_AT=<name>` in its environment, the process stops itself (SIGSTOP) on reaching that
/// moment, so a test can SIGKILL it exactly there instead of racing a fast step with a poll. Without the variable
/// a point costs one comparison. Only stopping is offered: the test decides what happens next, as a power cut would.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// The export has written and committed at least one layer blob and is not finished.
    case exportLayerWritten = "export-layer-written"
    /// The import is uploading the export store to the daemon.
    case importUploading = "import-uploading"
    /// A layer device rebuilt from a pool's files is mounted (loop device attached) and being read.
    case poolDeviceMounted = "pool-device-mounted"

    public static let environmentVariable = "DRIVERSHIFT_STOP_AT"

    private static let requested = ProcessInfo.processInfo.environment[environmentVariable]
    /// Only the first arrival stops: other threads reach the same point while the test acts on the stop.
    private static let alreadyStopped = Mutex(false)

    public func reached() {
        guard Self.requested == rawValue else { return }
        let first = Self.alreadyStopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        if first { raise(SIGSTOP) }
    }
}
