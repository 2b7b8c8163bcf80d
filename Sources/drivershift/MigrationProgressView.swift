import Foundation
import Migration
import Synchronization

/// The run for a person, on stderr: a line per step and outcome, byte progress at most every 2 seconds (on a
/// terminal rewritten in place), and the recap at the end.
final class MigrationProgressView: MigrationObserver, Sendable {
    private let lastProgress = Mutex<Date>(.distantPast)
    private let isTerminal = isatty(STDERR_FILENO) == 1

    func handle(_ event: MigrationEvent) {
        switch event {
        case .runStarted(let steps, let resumedAfter):
            if resumedAfter.isEmpty {
                write("==> \(steps.count) steps: \(steps.joined(separator: ", "))")
            } else {
                write(
                    "==> resuming: \(resumedAfter.count) step(s) verified earlier (\(resumedAfter.joined(separator: ", ")))"
                )
            }
        case .stepStarted(let step):
            write("==> \(step)")
        case .stepProgress(_, let done, let total, _):
            let now = Date()
            let due = lastProgress.withLock { last in
                guard now.timeIntervalSince(last) >= 2 || done == total else { return false }
                last = now
                return true
            }
            guard due else { return }
            let percent = total.map { $0 > 0 ? " (\(done * 100 / $0)%)" : "" } ?? ""
            let line = "    \(done) of \(total.map(String.init) ?? "?") bytes\(percent)"
            if isTerminal { FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) } else { write(line) }
        case .commandRunning(_, let command):
            write("    $ \(command)")
        case .note(_, let text):
            write("    \(text)")
        case .stepFinished(let step, let outcome):
            if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            write("    \(step): \(outcome)")
        case .rollbackStarted(let reason):
            write("!!! \(reason)\n==> rolling back")
        case .stepRolledBack(let step):
            write("    rolled back \(step)")
        case .runFinished(let recap):
            write(
                "\nRECAP  ok=\(recap.count("ok")) changed=\(recap.count("changed")) skipped=\(recap.count("skipped")) "
                    + "failed=\(recap.count("failed"))" + (recap.rolledBack ? " rolled-back" : ""))
            for line in recap.lines {
                let step = line.step.padding(toLength: 15, withPad: " ", startingAt: 0)
                let outcome = line.outcome.padding(toLength: 8, withPad: " ", startingAt: 0)
                write(
                    "  \(step) \(outcome) \(String(format: "%6.1f", line.seconds)) s"
                        + (line.detail.map { "  \($0)" } ?? ""))
            }
        }
    }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// The run for machines: one JSON object per event on stdout.
struct JSONMigrationView: MigrationObserver {
    func handle(_ event: MigrationEvent) {
        var object: [String: Any] = ["time": MigrationClock.now()]
        switch event {
        case .runStarted(let steps, let resumedAfter):
            object["event"] = "run-started"
            object["steps"] = steps
            object["resumedAfter"] = resumedAfter
        case .stepStarted(let step):
            object["event"] = "step-started"
            object["step"] = step
        case .stepProgress(let step, let done, let total, let detail):
            object["event"] = "progress"
            object["step"] = step
            object["doneBytes"] = done
            object["totalBytes"] = total
            object["detail"] = detail
        case .commandRunning(let step, let command):
            object["event"] = "command"
            object["step"] = step
            object["argv"] = command.argv
        case .note(let step, let text):
            object["event"] = "note"
            object["step"] = step
            object["message"] = text
        case .stepFinished(let step, let outcome):
            object["event"] = "step-finished"
            object["step"] = step
            object["outcome"] = outcome.label
            object["message"] = outcome.description
        case .rollbackStarted(let reason):
            object["event"] = "rollback-started"
            object["message"] = reason
        case .stepRolledBack(let step):
            object["event"] = "step-rolled-back"
            object["step"] = step
        case .runFinished(let recap):
            object["event"] = "run-finished"
            object["exitCode"] = recap.exitCode
            object["rolledBack"] = recap.rolledBack
            object["recap"] = recap.lines.map { ["step": $0.step, "outcome": $0.outcome, "seconds": $0.seconds] }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
