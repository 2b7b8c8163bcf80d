import DriverShiftTestSupport
import Foundation
import Sandbox
import Testing

/// How the terminal tests answer the wizard and watch the run.
extension WizardTerminalTests {
    /// Runs the wizard in tmux for `body`, and always closes the terminal.
    static func withWizard(
        _ host: WizardSandbox, columns: Int = 100, rows: Int = 30, environment: [String: String] = [:],
        teeTo: String? = nil, _ body: (TmuxSession) async throws -> Void
    ) async throws {
        let tmux = try await host.startWizard(
            columns: columns, rows: rows, environment: environment, teeTo: teeTo)
        do {
            try await body(tmux)
        } catch {
            let last = (try? await tmux.history()) ?? ""
            await tmux.close()
            throw TestFailure("\(error)\n--- the terminal at the end:\n\(last)")
        }
        await tmux.close()
    }

    /// Host, target (with the arrow keys), containers (a typed answer), up to the export question.
    static func answerUpToExport(_ tmux: TmuxSession) async throws {
        let host = try await tmux.waitFor("Step 1 of 8: this host")
        #expect(host.contains("storage driver vfs"), "\(host)")
        #expect(host.contains("Pool:       none"), "\(host)")
        try await tmux.press("Enter")
        try await tmux.waitFor("Step 2 of 8: where to move")
        try await tmux.press("Down")
        try await tmux.waitFor("> 2. direct-lvm")
        try await tmux.press("Up")
        try await tmux.waitFor("> 1. overlay2")
        try await tmux.press("Enter")
        try await tmux.waitFor("Step 3 of 8: what to carry")
        try await tmux.type("1")
        try await tmux.waitFor("Step 4 of 8: where the export goes")
    }

    /// The preflight screen with nothing blocking; a blocker fails the test with the screen that shows it.
    static func waitForAClearPreflight(_ tmux: TmuxSession) async throws {
        let screen = try await tmux.waitFor("Step 5 of 8: preflight checks", seconds: 120)
        guard screen.contains("Next: the plan.") else {
            throw TestFailure("the preflight found a blocker on a host that has none:\n\(screen)")
        }
    }

    static func answerEveryQuestion(_ tmux: TmuxSession, savePlanTo planPath: String) async throws {
        try await answerUpToExport(tmux)
        try await tmux.press("Enter")
        try await waitForAClearPreflight(tmux)
        try await tmux.press("Enter")
        var plan = try await tmux.waitFor("Step 6 of 8: the plan")
        #expect(plan.contains("dockerd is down about"), "\(plan)")
        // Every file change is shown as a diff, further down: page to it.
        for _ in 0..<20 where !plan.contains("+{\"storage-driver\": \"overlay2\"}") {
            try await tmux.press("PageDown")
            plan = try await tmux.screen()
        }
        #expect(plan.contains("-{\"storage-driver\": \"vfs\"}"), "\(plan)")
        #expect(plan.contains("+{\"storage-driver\": \"overlay2\"}"), "\(plan)")
        try await tmux.press("Enter")
        try await tmux.waitFor("Step 7 of 8: save the plan")
        try await tmux.press("Down", "Enter")
        try await tmux.waitFor("plan file:")
        try await tmux.type(planPath)
        try await tmux.waitFor("The plan is saved in \(planPath)")
        try await tmux.press("Enter")
        try await tmux.waitFor("Step 8 of 8: run")
        try await tmux.type("yes")
    }

    /// Polls the run's journal until `isDue` says so; returns the journal then.
    @discardableResult
    static func waitForJournal(
        _ host: WizardSandbox, seconds: Double = 120, until isDue: ([(String, String)]) -> Bool
    ) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            for path in host.journals() {
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                if isDue(JournalEvents.parse(text)) { return text }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("the journal did not reach the expected point within \(Int(seconds)) s")
    }

    /// A sandbox copy that is not (or no longer) the sandbox the suite started: stopped and removed.
    static func removeCopy(_ directory: String) async {
        guard FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try await DockerSandbox.attach(directory: directory).remove()
        } catch {
            Issue.record("could not remove the sandbox copy \(directory): \(error)")
        }
    }
}
