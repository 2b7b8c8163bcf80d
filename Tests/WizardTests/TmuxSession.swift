import DriverShiftTestSupport
import Foundation
import HostSystem

/// A real terminal for the wizard: a tmux server of its own (`-L`, no user config), one session running the
/// command in a window of a given size, keys sent with send-keys and screens read with capture-pane, as a
/// person would type and see them. `close` kills the server; call it on every path.
struct TmuxSession {
    let server: String
    let directory: String
    static let session = "wizard"

    /// Starts `arguments` (argv, quoted for sh here) in `directory`; the exit status is printed after it as
    /// `WIZARD-EXIT=<n>`, and the pane stays open so the last screen can still be read. With `teeTo`, its
    /// output goes through a pipe (`| tee FILE`), as when a person keeps a log.
    static func start(
        _ arguments: [String], in directory: String, columns: Int = 100, rows: Int = 30,
        environment: [String: String] = [:], teeTo: String? = nil
    ) async throws -> TmuxSession {
        guard CommandRunner.which("tmux") != nil else {
            throw TestFailure(
                "tmux is not installed: the wizard's terminal tests drive the real binary through tmux. "
                    + "Install it (`apt-get install tmux`; scripts/setup.sh does).")
        }
        let script = directory + "/wizard.sh"
        let exports = environment.sorted { $0.key < $1.key }.map { "export \($0.key)=\(quote($0.value))" }
        let text =
            // The test runner's own NO_COLOR must not decide what a test sees: only `environment` does.
            (["#!/bin/sh", "cd \(quote(directory))", "unset NO_COLOR"] + exports + [
                arguments.map(quote).joined(separator: " ") + (teeTo.map { " | tee \(quote($0))" } ?? ""),
                // The terminal's settings after the wizard: it must have given back what it found.
                "status=$?", "stty -a", "echo \"WIZARD-EXIT=$status\"", "exec sleep 3600",
            ]).joined(separator: "\n") + "\n"
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let tmux = TmuxSession(server: "drivershift-wizard-\(UUID().uuidString.prefix(8))", directory: directory)
        try await tmux.tmux([
            "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows), script,
        ])
        return tmux
    }

    static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    @discardableResult
    func tmux(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner().check(Command("tmux", ["-L", server] + arguments), environment: ["TERM": "xterm"])
    }

    /// Keys by tmux name: "Enter", "Down", "PageDown", "C-c", "Escape", or one character.
    func press(_ keys: String...) async throws {
        for key in keys {
            try await tmux(["send-keys", "-t", Self.session, key])
            // A person types slower than a script; the wizard must not depend on it, but escape sequences
            // sent back to back would otherwise read as one burst.
            try await Task.sleep(for: .milliseconds(60))
        }
    }

    /// Text typed literally, then Enter.
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", Self.session, "-l", text])
        try await Task.sleep(for: .milliseconds(60))
        try await press("Enter")
    }

    /// The visible screen as text (`escapes`: with the colour and attribute sequences tmux keeps).
    func screen(escapes: Bool = false) async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", Self.session] + (escapes ? ["-e"] : [])).standardOutput
    }

    /// The screen and the scrollback above it.
    func history() async throws -> String {
        try await tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", Self.session]).standardOutput
    }

    /// The wizard's process: the one child of the shell that runs the script in the pane.
    func wizardProcess() async throws -> Int32 {
        let shell = try await tmux(["display-message", "-p", "-t", Self.session, "#{pane_pid}"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        guard let first = children.split(separator: " ").first, let pid = Int32(first) else {
            throw TestFailure("the pane's shell \(shell) has no child process: the wizard is not running")
        }
        return pid
    }

    func resize(columns: Int, rows: Int) async throws {
        try await tmux(["resize-window", "-t", Self.session, "-x", String(columns), "-y", String(rows)])
    }

    /// Waits until the screen shows `text`; throws with the last screen when it does not within `seconds`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await screen()
            if last.contains(text) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the screen did not show \"\(text)\" within \(Int(seconds)) s; it shows:\n\(last)")
    }

    /// Waits for the wizard to end; returns its exit status and everything it left in the terminal, with each
    /// run of spaces and line breaks made one space (the wizard wraps its last words to the window's width).
    func waitForExit(seconds: Double = 600) async throws -> (status: Int32, text: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try await history()
            if let line = last.split(separator: "\n").first(where: { $0.hasPrefix("WIZARD-EXIT=") }) {
                let flat = last.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return (Int32(line.dropFirst("WIZARD-EXIT=".count)) ?? -1, flat)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("the wizard did not end within \(Int(seconds)) s; the terminal shows:\n\(last)")
    }

    /// Kills the server (and with it the wizard, if it still runs) and removes its socket, which tmux leaves.
    func close() async {
        _ = try? await CommandRunner().run(Command("tmux", ["-L", server, "kill-server"]))
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(directory)/tmux-\(getuid())/\(server)")
    }
}
