import Migration

/// Screen 8: the one question before anything changes: the exact word yes.
enum ConfirmScreen {
    static func make(_ plan: MigrationPlan, stateDirectory: String) -> WizardScreen {
        let body: [ScreenLine] = [
            ScreenLine("Ready to migrate \(plan.host.hostname) from \(plan.host.sourceDriver ?? "none") to ", .bold)
                + ScreenLine("\(plan.target)", .bold) + ScreenLine(".", .bold),
            "",
            "dockerd will be stopped for about \(PlanScreen.duration(plan.estimate.downtimeSeconds)); its containers "
                + "stop with it and come back at the end. Each step is written to a journal in \(stateDirectory), so "
                + "an interruption can be resumed. If a step fails, everything is rolled back.",
            "",
            "While it runs, Ctrl-C stops it safely after the current step.",
        ]
        return WizardScreen(
            title: "Step 8 of 8: run", body: body,
            question: .text(prompt: "Type yes to start the migration (b goes back).", label: "answer", initial: ""))
    }
}
