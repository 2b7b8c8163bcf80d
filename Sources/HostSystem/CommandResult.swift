/// What an external command left behind: its exit status and its (bounded) output.
public struct CommandResult: Sendable {
    public let command: Command
    /// The exit code, or 128 + the signal number when it was killed.
    public let exitCode: Int32
    public let standardOutput: String
    public let standardError: String

    public var succeeded: Bool { exitCode == 0 }

    /// The last lines of standard error, for error messages.
    public func errorTail(lines: Int = 5) -> String {
        let text = standardError.isEmpty ? standardOutput : standardError
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
