import Foundation
import HostSystem

/// Where dockerd's own messages go, so a failed stop or start can show why.
public enum DaemonLogSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The systemd journal of a unit: `journalctl -u UNIT -n LINES --no-pager`.
    case journal(unit: String)
    /// Log files on this machine (real paths); the first one that exists is read.
    case files([String])
    /// No known log (a command pair given without a log file).
    case unknown

    public var description: String {
        switch self {
        case .journal(let unit): return "journal of \(unit)"
        case .files(let paths): return paths.joined(separator: " or ")
        case .unknown: return "none"
        }
    }

    public func journalCommand(lines: Int) -> Command? {
        guard case .journal(let unit) = self else { return nil }
        return Command("journalctl", ["-u", unit, "-n", String(lines), "--no-pager"])
    }

    /// The last `lines` lines, under a heading that says where they come from; never throws, because it is
    /// read while reporting another failure.
    public func tail(lines: Int, runner: CommandRunner = CommandRunner()) async -> String {
        switch self {
        case .journal:
            guard let command = journalCommand(lines: lines) else { return "" }
            guard let result = try? await runner.run(command) else {
                return "(could not run `\(command)` to show dockerd's log)"
            }
            let text = Self.withoutChatter(result.standardOutput.split(separator: "\n")).joined(separator: "\n")
            guard result.succeeded, !text.isEmpty else {
                return "(`\(command)` showed nothing: \(result.errorTail()))"
            }
            return "Last lines of `\(command)`:\n\(text)"
        case .files(let paths):
            guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                return "(no dockerd log at " + paths.joined(separator: " or ") + ")"
            }
            return "Last lines of \(path):\n" + Self.lastLines(of: path, count: lines)
        case .unknown:
            return "(no dockerd log was named; give one to see why it failed)"
        }
    }

    /// The last `count` lines of a file, reading at most its last 64 KiB.
    static func lastLines(of path: String, count: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "(cannot open \(path))" }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? 0
        let start = end > 65_536 ? end - 65_536 : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return "(\(path) is empty)"
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        // A read from the middle of the file starts with a partial line.
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        return withoutChatter(lines).suffix(count).joined(separator: "\n")
    }

    /// containerd's gRPC connection chatter (`module=grpc`) never says why dockerd failed, and would crowd
    /// out the line that does.
    static func withoutChatter(_ lines: [Substring]) -> [Substring] {
        lines.filter { !$0.trimmingCharacters(in: .whitespaces).hasSuffix("module=grpc") && !$0.isEmpty }
    }
}
