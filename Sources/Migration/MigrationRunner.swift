import Foundation

/// Runs a plan's steps in order against the journal: skips what an earlier attempt verified, stops or rolls
/// back on a failure as the plan says, and ends with a recap.
public struct MigrationRunner: Sendable {
    public let context: MigrationContext
    public let steps: [any MigrationStep]

    public init(context: MigrationContext, steps: [any MigrationStep]) {
        self.context = context
        self.steps = steps
    }

    /// Runs (or, after a crash, resumes) the plan. Throws only when the journal itself cannot be written.
    public func run() async throws -> MigrationRecap {
        let journal = context.journal
        let earlier = try journal.entries()
        let verified = try journal.verifiedSteps()
        let outcomes = Self.verifiedOutcomes(earlier)
        if !earlier.contains(where: { $0.event == .runStarted }) {
            try journal.append(JournalEntry(time: MigrationClock.now(), event: .runStarted))
        }
        context.observer.handle(
            .runStarted(steps: steps.map(\.name), resumedAfter: steps.map(\.name).filter(verified.contains)))

        var lines: [MigrationRecap.Line] = []
        for (index, step) in steps.enumerated() {
            if verified.contains(step.name) {
                let outcome = outcomes[step.name] ?? "ok"
                lines.append(
                    .init(step: step.name, outcome: outcome, detail: "verified by an earlier attempt", seconds: 0))
                continue
            }
            if context.observer.stopRequested { throw CancellationError() }
            context.observer.handle(.stepStarted(step.name))
            try journal.append(JournalEntry(time: MigrationClock.now(), event: .stepStarted, step: step.name))
            let started = Date()
            do {
                let outcome = try await step.run(context)
                try await step.verify(context)
                try journal.append(
                    JournalEntry(
                        time: MigrationClock.now(), event: .stepVerified, step: step.name, outcome: outcome.label,
                        message: outcome.description))
                context.observer.handle(.stepFinished(step.name, outcome))
                lines.append(
                    .init(
                        step: step.name, outcome: outcome.label, detail: Self.detail(of: outcome),
                        seconds: Date().timeIntervalSince(started)))
            } catch {
                let message = "\(error)"
                try journal.append(
                    JournalEntry(
                        time: MigrationClock.now(), event: .stepFailed, step: step.name, outcome: "failed",
                        message: message))
                context.observer.handle(.stepFinished(step.name, .failed(message: message)))
                lines.append(
                    .init(
                        step: step.name, outcome: "failed", detail: message, seconds: Date().timeIntervalSince(started))
                )
                var recap = MigrationRecap(lines: lines, rolledBack: false, reportPath: nil)
                if context.plan.onFailure == .rollback {
                    context.observer.handle(.rollbackStarted(reason: "\(step.name) failed: \(message)"))
                    try await rollBack(Array(steps[...index]))
                    recap.rolledBack = true
                }
                context.observer.handle(.runFinished(recap))
                return recap
            }
        }
        try journal.append(JournalEntry(time: MigrationClock.now(), event: .runFinished, outcome: "ok"))
        let recap = MigrationRecap(lines: lines, rolledBack: false, reportPath: nil)
        context.observer.handle(.runFinished(recap))
        return recap
    }

    /// Undoes every step the journal says was started, newest first (`drivershift rollback`).
    public func rollBackEverything() async throws {
        let started = Set(try context.journal.entries().filter { $0.event == .stepStarted }.compactMap(\.step))
        let rolledBack = Set(
            try context.journal.entries().filter { $0.event == .stepRolledBack }.compactMap(\.step))
        context.observer.handle(.rollbackStarted(reason: "rollback requested"))
        try await rollBack(steps.filter { started.contains($0.name) && !rolledBack.contains($0.name) })
    }

    /// Rolls back `done` in reverse; a step that cannot be undone stops the rollback with its reason, so that
    /// nothing is undone out of order.
    private func rollBack(_ done: [any MigrationStep]) async throws {
        for step in done.reversed() {
            do {
                try await step.rollback(context)
            } catch {
                try context.journal.append(
                    JournalEntry(
                        time: MigrationClock.now(), event: .stepFailed, step: step.name, outcome: "rollback-failed",
                        message: "\(error)"))
                throw MigrationError.rollbackFailed(step: step.name, reason: "\(error)")
            }
            try context.journal.append(
                JournalEntry(time: MigrationClock.now(), event: .stepRolledBack, step: step.name))
            context.observer.handle(.stepRolledBack(step.name))
        }
        try context.journal.append(JournalEntry(time: MigrationClock.now(), event: .runRolledBack))
    }

    static func verifiedOutcomes(_ entries: [JournalEntry]) -> [String: String] {
        var outcomes: [String: String] = [:]
        for entry in entries where entry.event == .stepVerified {
            if let step = entry.step { outcomes[step] = entry.outcome ?? "ok" }
        }
        return outcomes
    }

    static func detail(of outcome: StepOutcome) -> String? {
        if case .skipped(let reason) = outcome { return reason }
        return nil
    }
}
