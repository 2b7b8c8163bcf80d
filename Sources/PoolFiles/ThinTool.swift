import HostSystem

/// Finding the external tools this module runs, so a missing one is `toolMissing` rather than a failed start.
enum ThinTool {
    /// Throws `toolMissing(executable)` unless `executable` is on PATH (or, given with a slash, exists).
    /// The executable's path, or `toolMissing`.
    static func path(_ executable: String) throws -> String {
        guard let path = CommandRunner.which(executable) else { throw PoolFilesError.toolMissing(executable) }
        return path
    }

    static func require(_ executable: String) throws {
        guard CommandRunner.which(executable) != nil else { throw PoolFilesError.toolMissing(executable) }
    }

    /// The last `lines` lines of what a tool said (stderr, or stdout when stderr is empty).
    static func message(_ result: CommandResult, lines: Int = 20) -> String {
        let text = [result.standardError, result.standardOutput].filter { !$0.isEmpty }.joined(separator: "\n")
        let tail = text.split(separator: "\n").suffix(lines).joined(separator: "\n")
        return tail.isEmpty ? "exit status \(result.exitCode), no message" : tail
    }
}
