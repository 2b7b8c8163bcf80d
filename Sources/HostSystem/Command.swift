/// An external command as an argv array: never a shell string, so nothing in an argument is interpreted.
public struct Command: Sendable, Hashable, Codable, CustomStringConvertible {
    public var executable: String
    public var arguments: [String]

    public init(_ executable: String, _ arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    public var argv: [String] { [executable] + arguments }

    /// A copy-pasteable rendering for reports and logs; only for people, never executed.
    public var description: String {
        argv.map(Command.quoteForDisplay).joined(separator: " ")
    }

    static func quoteForDisplay(_ argument: String) -> String {
        let safe = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
        if safe && !argument.isEmpty { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
