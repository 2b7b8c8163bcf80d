import Foundation

/// Checks a new daemon.json before it is moved into place: always as JSON (the top level must be an object),
/// and with `dockerd --validate --config-file` where the installed dockerd has it (Docker 23 and later;
/// 20.10 has no such flag). Its `validate(_:temporaryPath:)` fits `HostFileEditor.apply`'s `validate`.
public struct DockerdValidator: Sendable {
    public static let defaultDockerdPath = "/usr/sbin/dockerd"

    public let dockerdPath: String
    /// Whether `dockerd --help` lists `--validate`.
    public let supportsValidate: Bool
    private let runner: CommandRunner

    public init(dockerdPath: String, supportsValidate: Bool, runner: CommandRunner = CommandRunner()) {
        self.dockerdPath = dockerdPath
        self.supportsValidate = supportsValidate
        self.runner = runner
    }

    /// Asks `dockerd --help` (once) whether this dockerd can validate a configuration file.
    public static func detect(
        dockerdPath: String = defaultDockerdPath, runner: CommandRunner = CommandRunner()
    ) async throws -> DockerdValidator {
        let result: CommandResult
        do {
            result = try await runner.run(Command(dockerdPath, ["--help"]))
        } catch {
            throw FileEditError.dockerdUnusable(path: dockerdPath, reason: "\(error)")
        }
        guard result.succeeded else {
            throw FileEditError.dockerdUnusable(
                path: dockerdPath,
                reason: "`dockerd --help` exited with status \(result.exitCode): \(result.errorTail())")
        }
        let help = result.standardOutput + "\n" + result.standardError
        return DockerdValidator(
            dockerdPath: dockerdPath, supportsValidate: Self.listsValidateFlag(help), runner: runner)
    }

    /// True when a `dockerd --help` text offers `--validate` as a flag of its own.
    static func listsValidateFlag(_ help: String) -> Bool {
        help.split(whereSeparator: \.isWhitespace).contains { word in
            word == "--validate" || word.hasPrefix("--validate=")
        }
    }

    public func validateCommand(configFile: String) -> Command {
        Command(dockerdPath, ["--validate", "--config-file", configFile])
    }

    /// Throws `FileEditError.validationFailed` naming `edit.path` when the file at `temporaryPath` is not a JSON
    /// object or (where supported) `dockerd --validate` refuses it, with dockerd's own words.
    public func validate(_ edit: PlannedFileEdit, temporaryPath: String) async throws {
        try Self.requireJSONObject(atPath: temporaryPath, reportedAs: edit.path)
        guard supportsValidate else { return }
        let command = validateCommand(configFile: temporaryPath)
        let result = try await runner.run(command)
        guard result.succeeded else {
            let output = [result.standardError, result.standardOutput]
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }.joined(separator: "\n")
            throw FileEditError.validationFailed(
                path: edit.path, reason: "`\(command)` exited with status \(result.exitCode):\n\(output)")
        }
    }

    /// dockerd reads daemon.json as one JSON object; anything else stops it from starting. Foundation's parser
    /// accepts trailing commas, Go's does not: those are looked for separately.
    public static func requireJSONObject(atPath path: String, reportedAs hostPath: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileEditError.fileOperationFailed(path: path, operation: "read", reason: "it cannot be opened")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw FileEditError.validationFailed(
                path: hostPath, reason: "it is not valid JSON: \(detail ?? "\(error)")")
        }
        guard parsed is [String: Any] else {
            throw FileEditError.validationFailed(
                path: hostPath, reason: "its top level is not a JSON object ({...}), which dockerd requires")
        }
        if let (line, column) = trailingComma(in: Array(data)) {
            throw FileEditError.validationFailed(
                path: hostPath,
                reason: "it is not valid JSON for dockerd: a trailing comma at line \(line), column \(column)")
        }
    }

    /// The line and column (1-based) of a `,` that only whitespace separates from a closing `}` or `]`,
    /// outside strings.
    static func trailingComma(in bytes: [UInt8]) -> (line: Int, column: Int)? {
        var inString = false
        var escaped = false
        var pendingComma: (line: Int, column: Int)?
        var line = 1
        var column = 0
        for byte in bytes {
            column += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                column = 0
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let pendingComma { return pendingComma }
            case UInt8(ascii: ","):
                pendingComma = (line, column)
            default:
                pendingComma = nil
                if byte == UInt8(ascii: "\"") { inString = true }
            }
        }
        return nil
    }
}
