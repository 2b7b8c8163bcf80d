import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs external commands as argv arrays with bounded output capture.
public struct CommandRunner: Sendable {
    /// Output beyond this many bytes is an error rather than unbounded memory.
    public var outputLimit: Int

    public init(outputLimit: Int = 16 * 1024 * 1024) {
        self.outputLimit = outputLimit
    }

    /// Runs `command` and returns its result whatever the exit code; throws only when it cannot be started.
    public func run(_ command: Command, environment: [String: String] = [:]) async throws -> CommandResult {
        let executable: Executable =
            command.executable.contains("/") ? .path(FilePath(command.executable)) : .name(command.executable)
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
        do {
            let result = try await Subprocess.run(
                executable,
                arguments: Arguments(command.arguments),
                environment: .inherit.updating(overrides),
                output: .string(limit: outputLimit),
                error: .string(limit: outputLimit)
            )
            let exitCode: Int32
            switch result.terminationStatus {
            case .exited(let code): exitCode = Int32(code)
            case .signaled(let signal): exitCode = 128 + Int32(signal)
            }
            return CommandResult(
                command: command,
                exitCode: exitCode,
                standardOutput: result.standardOutput,
                standardError: result.standardError
            )
        } catch {
            throw HostSystemError.commandFailedToStart(command, reason: "\(error)")
        }
    }

    /// Runs `command` and throws with its stderr tail unless it exits 0.
    @discardableResult
    public func check(_ command: Command, environment: [String: String] = [:]) async throws -> CommandResult {
        let result = try await run(command, environment: environment)
        guard result.succeeded else {
            throw HostSystemError.commandFailed(result.command, exitCode: result.exitCode, output: result.errorTail())
        }
        return result
    }

    /// The absolute path of `name` on PATH, or nil.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
