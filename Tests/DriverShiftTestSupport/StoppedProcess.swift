import Foundation

/// A test's view of a child process that a crash point (`DRIVERSHIFT_STOP_AT`) stopped.
public enum StoppedProcess {
    /// Whether the process is stopped (state `T` in /proc/PID/stat).
    public static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return false }
        return stat[afterName.upperBound...].hasPrefix("T")
    }
}
