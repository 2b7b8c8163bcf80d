import HostSystem

/// Why a probe could not finish. Preflight never throws out of `PreflightRunner.run`: these become the
/// finding of the check whose probe failed, so each says what failed, on what, and what to do.
public enum PreflightError: Error, CustomStringConvertible, Sendable, Equatable {
    case cannotCreateScratch(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case commandFailed(command: String, exitCode: Int32, output: String)
    case commandUnavailable(command: String, reason: String)
    case noMountFound(path: String)

    public var description: String {
        switch self {
        case .cannotCreateScratch(let path, let reason):
            return "cannot create a scratch directory in \(path): \(reason); check that it is writable by root"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .cannotRead(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .commandFailed(let command, let exitCode, let output):
            let detail = output.isEmpty ? "" : ": \(output)"
            return "`\(command)` exited with status \(exitCode)\(detail)"
        case .commandUnavailable(let command, let reason):
            return "cannot run `\(command)`: \(reason)"
        case .noMountFound(let path):
            return "no entry in /proc/self/mounts holds \(path); is /proc mounted?"
        }
    }

    /// A command's failure in one line, for a finding.
    static func failed(_ result: CommandResult) -> PreflightError {
        .commandFailed(
            command: result.command.description, exitCode: result.exitCode,
            output: result.errorTail(lines: 3).replacingOccurrences(of: "\n", with: " / "))
    }
}
