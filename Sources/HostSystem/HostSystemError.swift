/// Failures of the host-level helpers: commands and files.
public enum HostSystemError: Error, CustomStringConvertible, Sendable {
    case commandFailedToStart(Command, reason: String)
    case commandFailed(Command, exitCode: Int32, output: String)
    case fileUnreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .commandFailedToStart(let command, let reason):
            return "could not start `\(command)`: \(reason). Check that \(command.executable) is installed and on PATH."
        case .commandFailed(let command, let exitCode, let output):
            let detail = output.isEmpty ? "" : ":\n\(output)"
            return "`\(command)` exited with status \(exitCode)\(detail)"
        case .fileUnreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
