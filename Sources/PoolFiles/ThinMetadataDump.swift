import Foundation
import HostSystem

/// `thin_dump` of a pool's metadata file into XML in a scratch directory, read back as a `ThinPoolMap`.
/// thin_dump opens the metadata read-only; its XML goes to a file, not a pipe, so a large pool's dump is
/// streamed from disk instead of held in memory.
public struct ThinMetadataDump: Sendable {
    public var runner: CommandRunner
    /// `thin_dump`, or a path to it.
    public var executable: String

    public init(runner: CommandRunner = CommandRunner(), executable: String = "thin_dump") {
        self.runner = runner
        self.executable = executable
    }

    public func command(metadataFile: String, output: String) -> Command {
        Command(executable, ["--format", "xml", "-o", output, metadataFile])
    }

    /// Dumps `metadataFile` to a file in `scratchDirectory` (removed again) and parses it.
    public func dump(metadataFile: String, scratchDirectory: String) async throws -> ThinPoolMap {
        try ThinTool.require(executable)
        let output = "\(scratchDirectory)/thin-dump-\(UUID().uuidString.prefix(8)).xml"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try await runner.run(command(metadataFile: metadataFile, output: output))
        guard result.succeeded else {
            throw PoolFilesError.dumpFailed(metadataFile: metadataFile, message: ThinTool.message(result))
        }
        return try Self.parse(xmlFile: output)
    }

    /// Parses thin_dump XML from a file, streaming.
    public static func parse(xmlFile: String) throws -> ThinPoolMap {
        try ThinDumpParser.parse(file: xmlFile)
    }

    /// Parses thin_dump XML held in memory (`source` names it in errors).
    public static func parse(xml: String, source: String = "thin_dump output") throws -> ThinPoolMap {
        try ThinDumpParser.parse(data: Data(xml.utf8), source: source)
    }
}
