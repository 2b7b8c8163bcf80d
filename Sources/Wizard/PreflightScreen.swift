import Migration
import Preflight

/// Screen 5: the preflight's findings, worst first. A blocker stops the wizard here, with its reason and what
/// to do; the plan can still be saved for a report.
enum PreflightScreen {
    static func make(_ plan: MigrationPlan) -> WizardScreen {
        let checks = plan.preflight.sorted { $0.status > $1.status }
        let blockers = plan.blockers.count
        let warnings = plan.preflight.filter { $0.status == .warning }.count
        var body: [ScreenLine] = []
        if blockers > 0 {
            body.append(
                ScreenLine(
                    "\(blockers) blocker\(blockers == 1 ? "" : "s") stop\(blockers == 1 ? "s" : "") the migration: "
                        + "nothing can run until fixed.", .bad))
        } else {
            body.append(
                ScreenLine(
                    "Nothing blocks the migration (\(Plural.count(plan.preflight.count, "check")), "
                        + "\(Plural.count(warnings, "warning"))).", .good))
        }
        body.append("")
        for check in checks {
            body.append(
                (badge(check.status) + ScreenLine(" \(check.title): ", .bold) + ScreenLine(check.finding)).hanging(10))
            if check.status != .ok, let remedy = check.remedy {
                body.append(
                    ScreenLine("          what to do: \(remedy)", check.status == .blocker ? .bad : .plain).hanging(22))
            }
        }
        let choices: [Choice]
        if blockers > 0 {
            choices = [
                Choice(id: "back", label: "Back", detail: "change the target, the disk or the export directory"),
                Choice(id: "save", label: "Save the plan", detail: "with its blockers, for a report"),
                Choice(id: "quit", label: "Quit", detail: "nothing has changed"),
            ]
        } else {
            choices = [
                Choice(id: "next", label: "Continue", detail: "see the plan: every step, file change and command")
            ]
        }
        return WizardScreen(
            title: "Step 5 of 8: preflight checks", body: body,
            question: .choice(
                prompt: blockers > 0 ? "The migration cannot go ahead." : "Next: the plan.", choices: choices,
                initial: 0))
    }

    static func badge(_ status: PreflightCheck.Status) -> ScreenLine {
        switch status {
        case .ok: return ScreenLine("  [ok]   ", .good)
        case .warning: return ScreenLine("  [warn] ", .warning)
        case .blocker: return ScreenLine("BLOCKER  ", .bad)
        }
    }
}
