import Foundation
import Inventory
import Migration

/// The run as the wizard shows it, fed by the engine's events: each step's state, the current step's bytes,
/// rate and time left, and the last notes. Pure and clocked from outside, so tests give it exact times.
public struct ProgressModel: Sendable {
    public enum StepState: Sendable, Equatable {
        case waiting
        case running
        case done(outcome: String, seconds: Double)
        case earlier
        case failed
        case rolledBack
    }

    public struct Step: Sendable, Equatable {
        public var name: String
        public var state: StepState
    }

    public var title: String
    public var steps: [Step]
    public var current: String?
    public var stepStarted: Date?
    public var doneBytes: UInt64 = 0
    public var totalBytes: UInt64?
    public var detail: String?
    /// The first progress event of the current step: the rate is measured from here.
    public var rateBase: (time: Date, bytes: UInt64)?
    public var notes: [String] = []
    public var rollingBack: String?
    public var stopRequested = false
    public var recap: MigrationRecap?

    public init(title: String, steps: [String]) {
        self.title = title
        self.steps = steps.map { Step(name: $0, state: .waiting) }
    }

    public mutating func apply(_ event: MigrationEvent, at now: Date) {
        switch event {
        case .runStarted(let names, let resumedAfter):
            if steps.isEmpty { steps = names.map { Step(name: $0, state: .waiting) } }
            for index in steps.indices where resumedAfter.contains(steps[index].name) { steps[index].state = .earlier }
        case .stepStarted(let name):
            current = name
            stepStarted = now
            doneBytes = 0
            totalBytes = nil
            detail = nil
            rateBase = nil
            set(name, .running)
        case .stepProgress(_, let done, let total, let detail):
            if rateBase == nil { rateBase = (now, done) }
            doneBytes = done
            totalBytes = total
            if let detail { self.detail = detail }
        case .commandRunning(_, let command):
            note("$ \(command)")
        case .note(_, let text):
            note(text)
        case .stepFinished(let name, let outcome):
            let seconds = stepStarted.map { now.timeIntervalSince($0) } ?? 0
            if case .failed(let message) = outcome {
                set(name, .failed)
                note("\(name) failed: \(message)")
            } else {
                set(name, .done(outcome: outcome.label, seconds: seconds))
            }
            current = nil
        case .rollbackStarted(let reason):
            rollingBack = reason
        case .stepRolledBack(let name):
            set(name, .rolledBack)
        case .runFinished(let recap):
            self.recap = recap
            current = nil
        }
    }

    private mutating func set(_ name: String, _ state: StepState) {
        if let index = steps.firstIndex(where: { $0.name == name }) { steps[index].state = state }
    }

    private mutating func note(_ text: String) {
        notes.append(text)
        if notes.count > 3 { notes.removeFirst(notes.count - 3) }
    }

    /// Bytes per second since the step's first progress event; nil until there is something to measure.
    public func rate(at now: Date) -> Double? {
        guard let base = rateBase, doneBytes > base.bytes else { return nil }
        let elapsed = now.timeIntervalSince(base.time)
        guard elapsed > 0.2 else { return nil }
        return Double(doneBytes - base.bytes) / elapsed
    }

    public func screen(at now: Date) -> WizardScreen {
        var body: [ScreenLine] = []
        for step in steps { body.append(line(step, now: now)) }
        body.append("")
        if let current {
            body.append(ScreenLine("Now: ", .bold) + ScreenLine(current) + progressText(now: now))
            if let detail { body.append(ScreenLine("     \(detail)", .dim)) }
        }
        if let rollingBack { body.append(ScreenLine("Rolling back: \(rollingBack)", .bad)) }
        for note in notes { body.append(ScreenLine("  \(note)", .dim)) }
        let footer =
            stopRequested
            ? "Stopping after \(current ?? "this step") (a safe point). Ctrl-C again stops at once."
            : "Ctrl-C: stop safely after the current step (resume later)."
        return WizardScreen(title: title, body: body, canGoBack: false, footer: footer)
    }

    private func line(_ step: Step, now: Date) -> ScreenLine {
        let name = step.name.padding(to: 15)
        switch step.state {
        case .waiting:
            return ScreenLine("  .        \(name)", .dim)
        case .running:
            let elapsed = stepStarted.map { Int(now.timeIntervalSince($0)) } ?? 0
            return ScreenLine("  >> now   ", .accent) + ScreenLine(name, .bold) + ScreenLine(" \(elapsed) s")
        case .done(let outcome, let seconds):
            let style: ScreenLine.Style = outcome == "skipped" ? .dim : .good
            return ScreenLine("  " + outcome.padding(to: 8) + " ", style) + ScreenLine(name)
                + ScreenLine(String(format: " %.1f s", seconds), .dim)
        case .earlier:
            return ScreenLine("  done     ", .good) + ScreenLine(name)
                + ScreenLine(" (verified by an earlier run)", .dim)
        case .failed:
            return ScreenLine("  FAILED   ", .bad) + ScreenLine(name)
        case .rolledBack:
            return ScreenLine("  undone   ", .warning) + ScreenLine(name)
        }
    }

    /// `  45% [#########-----------] 120 MB of 260 MB, 35.2 MB/s, 0:04 left`.
    private func progressText(now: Date) -> ScreenLine {
        guard rateBase != nil else { return ScreenLine() }
        var text = ""
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(doneBytes) / Double(totalBytes))
            let filled = Int((fraction * 20).rounded(.down))
            text +=
                "  \(Int(fraction * 100))% [" + String(repeating: "#", count: filled)
                + String(repeating: "-", count: 20 - filled) + "] "
            text += "\(ByteCount.format(doneBytes)) of \(ByteCount.format(totalBytes))"
        } else {
            text += "  \(ByteCount.format(doneBytes))"
        }
        if let rate = rate(at: now) {
            text += ", \(ByteCount.format(UInt64(rate)))/s"
            if let totalBytes, totalBytes > doneBytes {
                text += ", \(PlanScreen.duration(Int((Double(totalBytes - doneBytes) / rate).rounded()))) left"
            }
        }
        return ScreenLine(text)
    }
}
