import ArgumentParser
import DaemonControl
import Foundation
import HostSystem

/// How the command stops and starts dockerd: systemd and sysv are found on the host; `command` takes argv.
struct DaemonControlOptions: ParsableArguments {
    @Option(
        name: .customLong("daemon-control"),
        help: ArgumentHelp(
            "How dockerd is stopped and started: systemd, sysv or command (default: what the host runs).",
            valueName: "method"))
    var method: String?

    @Option(
        name: .customLong("daemon-start"),
        help: ArgumentHelp(
            "With --daemon-control command: the start command as a JSON array of words, or plain words "
                + "separated by spaces (no shell: quotes and $ are not interpreted).", valueName: "argv"))
    var start: String?

    @Option(
        name: .customLong("daemon-stop"),
        help: ArgumentHelp("With --daemon-control command: the stop command, as for --daemon-start.", valueName: "argv")
    )
    var stop: String?

    @Option(
        name: .customLong("daemon-log"),
        help: ArgumentHelp(
            "With --daemon-control command: the daemon's log file (host path), shown when it does not start.",
            valueName: "path"))
    var logPath: String?

    func validate() throws {
        if let method, !["systemd", "sysv", "command"].contains(method) {
            throw ValidationError("--daemon-control must be systemd, sysv or command, not \(method)")
        }
        if method == "command" {
            guard start != nil, stop != nil else {
                throw ValidationError("--daemon-control command needs both --daemon-start and --daemon-stop")
            }
            _ = try Self.command(from: start ?? "", option: "--daemon-start")
            _ = try Self.command(from: stop ?? "", option: "--daemon-stop")
        } else if start != nil || stop != nil {
            throw ValidationError("--daemon-start and --daemon-stop go with --daemon-control command")
        }
    }

    /// The method asked for, else the one the host runs; throws with what to pass when none is found.
    func resolve(hostRoot: HostRoot) throws -> DaemonControlMethod {
        switch method {
        case "systemd": return .systemd
        case "sysv": return .sysv
        case "command":
            return .command(
                start: try Self.command(from: start ?? "", option: "--daemon-start"),
                stop: try Self.command(from: stop ?? "", option: "--daemon-stop"))
        default:
            let detected = DaemonController.detectMethod(hostRoot: hostRoot)
            guard let method = detected.method else { throw ValidationError(detected.finding) }
            return method
        }
    }

    /// `["a","b c"]` as JSON, or `a b` split on blanks: argv either way, never a shell string.
    static func command(from text: String, option: String) throws -> Command {
        let words: [String]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") {
            guard let parsed = try? JSONDecoder().decode([String].self, from: Data(trimmed.utf8)) else {
                throw ValidationError(
                    "\(option) \(text): not a JSON array of strings (e.g. [\"/usr/bin/x\",\"start\"])")
            }
            words = parsed
        } else {
            words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        guard let executable = words.first, !executable.isEmpty else {
            throw ValidationError("\(option) is empty: give the command to run, e.g. \(option) '/usr/bin/x start'")
        }
        return Command(executable, Array(words.dropFirst()))
    }
}
