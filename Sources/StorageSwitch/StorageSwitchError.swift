import Preflight

/// Why a switch was refused or did not finish. Each message says what to do next.
public enum StorageSwitchError: Error, CustomStringConvertible {
    case blocked([PreflightCheck])
    case missingDevice
    case failedAndRolledBack(step: String, reason: String, rollbackWarnings: [String])
    case failedAndRollbackFailed(step: String, reason: String, rollbackError: String, recordPath: String)
    case noRecord(path: String)
    case unreadableRecord(path: String, reason: String)
    case recordNotWritten(path: String, reason: String)

    public var description: String {
        switch self {
        case .blocked(let checks):
            let lines = checks.map { "  - \($0.title): \($0.finding)" + ($0.remedy.map { " -> \($0)" } ?? "") }
            return "the switch is blocked by \(checks.count) preflight check(s); nothing was changed:\n"
                + lines.joined(separator: "\n")
        case .missingDevice:
            return "--to direct-lvm needs --device: the whole block device for the new thin pool (e.g. /dev/sdb)"
        case .failedAndRolledBack(let step, let reason, let warnings):
            var text =
                "the switch failed at '\(step)': \(reason)\nEverything it changed was rolled back: the files hold "
                + "their old bytes again and the daemon runs with its old configuration."
            if !warnings.isEmpty {
                text += "\nRollback notes:\n" + warnings.map { "  - \($0)" }.joined(separator: "\n")
            }
            return text
        case .failedAndRollbackFailed(let step, let reason, let rollbackError, let recordPath):
            return "the switch failed at '\(step)': \(reason)\nand the automatic rollback failed too: "
                + "\(rollbackError)\nWhat was changed is recorded in \(recordPath); fix the cause and run "
                + "`drivershift switch --rollback --record \(recordPath)`."
        case .noRecord(let path):
            return "no switch record at \(path): nothing to roll back (a switch writes one when it changes the host)"
        case .unreadableRecord(let path, let reason):
            return "the switch record \(path) cannot be read: \(reason)"
        case .recordNotWritten(let path, let reason):
            return "the switch record \(path) could not be written (\(reason)); nothing was changed before it. "
                + "Check that the state directory's filesystem is writable and has space."
        }
    }
}
