import Migration

/// The first screen when an earlier run did not finish (Ctrl-C, a crash, a power cut): where it stopped, and
/// the two ways on: resume from the last verified step, or roll everything back.
enum UnfinishedRunScreen {
    static func make(_ session: MigrationSession, planPath: String) -> WizardScreen {
        let plan = session.plan
        let verified = (try? session.journal.verifiedSteps()) ?? []
        let done = plan.steps.map(\.name).filter(verified.contains)
        let next = plan.steps.map(\.name).first { !verified.contains($0) }
        let started = ((try? session.journal.entries()) ?? []).first { $0.event == .runStarted }?.time
        var body: [ScreenLine] = [
            ScreenLine("A migration on this host was started and did not finish.", .warning),
            "",
            ScreenLine("Plan:    ", .bold)
                + ScreenLine(
                    "\(plan.host.sourceDriver ?? "none") -> \(plan.target), \(Plural.count(plan.images.count, "image"))"
                ),
            ScreenLine("Started: ", .bold) + ScreenLine(started ?? "(unknown)"),
            ScreenLine("Done:    ", .bold)
                + ScreenLine(done.isEmpty ? "no step yet" : done.joined(separator: ", ") + " (verified)"),
            ScreenLine("Next:    ", .bold) + ScreenLine(next ?? "nothing: every step is verified"),
            ScreenLine("dockerd: ", .bold) + ScreenLine(daemonState(plan, verified: verified)),
            ScreenLine("Journal: ", .bold) + ScreenLine(session.journal.location),
            "",
            "Resuming continues from the next step; what is verified is not done again.",
            "Rolling back undoes the steps done, newest first; the old driver comes back with its images.",
        ]
        if next == nil { body.append(ScreenLine("Resuming only writes what is left (the report).", .dim)) }
        let choices = [
            Choice(id: "resume", label: "Resume", detail: "continue from \(next ?? "the end")"),
            Choice(
                id: "rollback", label: "Roll back",
                detail: "undo \(Plural.count(done.count, "step")); "
                    + "\(plan.host.sourceDriver ?? "the old driver") comes back"),
            Choice(id: "quit", label: "Quit", detail: "leave it as it is (plan: \(planPath))"),
        ]
        return WizardScreen(
            title: "An unfinished migration", body: body,
            question: .choice(prompt: "What should happen to it?", choices: choices, initial: 0), canGoBack: false)
    }

    static func confirmRollback(_ session: MigrationSession) -> WizardScreen {
        WizardScreen(
            title: "An unfinished migration: roll back",
            body: [
                "Every step this run did is undone, newest first: configuration files get their old bytes back, the "
                    + "old driver's data moves back, and dockerd starts with "
                    + "\(session.plan.host.sourceDriver ?? "its old driver") again."
            ],
            question: .text(prompt: "Type yes to roll back (b goes back).", label: "answer", initial: ""))
    }

    /// Where dockerd stands, from the steps verified so far.
    static func daemonState(_ plan: MigrationPlan, verified: Set<String>) -> String {
        let old = plan.host.sourceDriver ?? "its old driver"
        if verified.contains("start-daemon") { return "running with \(plan.target.driverName)" }
        if verified.contains("stop-daemon") { return "stopped (it was \(old))" }
        return "still on \(old); nothing of the old driver has moved"
    }
}
