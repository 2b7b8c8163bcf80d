import HostSystem

/// `thin_check` on a pool's metadata file, before anything trusts its mappings. thin_check only reads the file
/// (no `--auto-repair`, no `--clear-needs-check-flag`).
public struct ThinMetadataCheck: Sendable {
    public var runner: CommandRunner
    /// `thin_check`, or a path to it.
    public var executable: String

    public init(runner: CommandRunner = CommandRunner(), executable: String = "thin_check") {
        self.runner = runner
        self.executable = executable
    }

    public func command(metadataFile: String) -> Command {
        Command(executable, [metadataFile])
    }

    /// Returns when thin_check accepts `metadataFile`; otherwise throws `metadataRejected` with its message.
    public func check(metadataFile: String) async throws {
        try ThinTool.require(executable)
        let result = try await runner.run(command(metadataFile: metadataFile))
        guard result.succeeded else {
            throw PoolFilesError.metadataRejected(metadataFile: metadataFile, message: ThinTool.message(result))
        }
    }
}
