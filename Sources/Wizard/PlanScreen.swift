import Foundation
import HostConfig
import Inventory
import Migration

/// Screen 6: the plan as it will run: what is carried and what is not, every step with its commands, every
/// file change as a diff, and the estimated downtime. The same plan `drivershift plan` writes.
enum PlanScreen {
    static func make(_ plan: MigrationPlan) -> WizardScreen {
        WizardScreen(
            title: "Step 6 of 8: the plan", body: lines(plan),
            question: .choice(
                prompt: "This is everything the migration will do.",
                choices: [Choice(id: "next", label: "Continue", detail: "save the plan file, then confirm the run")],
                initial: 0))
    }

    static func lines(_ plan: MigrationPlan) -> [ScreenLine] {
        let bytes = plan.images.reduce(UInt64(0)) { $0 + $1.bytes }
        let carried = plan.containers.filter { $0.action == .recreate || $0.action == .commitAndRecreate }.count
        var body: [ScreenLine] = [
            ScreenLine("\(plan.host.sourceDriver ?? "none") -> \(plan.target) on \(plan.host.hostname)", .bold),
            ScreenLine("Estimated time ") + ScreenLine(duration(plan.estimate.totalSeconds), .bold)
                + ScreenLine(", of which dockerd is down about ")
                + ScreenLine(duration(plan.estimate.downtimeSeconds), .bold)
                + ScreenLine(" (containers stop)."),
            "Carried: \(Plural.count(plan.images.count, "image")) (\(ByteCount.format(bytes)) of layers), \(carried) of "
                + "\(Plural.count(plan.containers.count, "container")), \(Plural.count(plan.volumes.count, "volume")) "
                + "(left in place).",
            "Export store: \(plan.exportDirectory)",
        ]
        if plan.notCarried.isEmpty {
            body.append(ScreenLine("Not carried: nothing; everything comes along.", .good))
        } else {
            body.append(ScreenLine("Not carried:", .warning))
            for item in plan.notCarried {
                body.append(ScreenLine("  - \(item.kind) \(item.name): \(item.reason)", .warning))
            }
        }
        body.append("")
        body.append(ScreenLine("Steps", .bold))
        for (number, step) in plan.steps.enumerated() {
            let downtime = step.duringDowntime ? ScreenLine(" (dockerd down)", .warning) : ScreenLine()
            body.append(
                ScreenLine(" \(String(number + 1).leftPadded(to: 2)). ") + ScreenLine(step.name, .bold) + downtime)
            body.append(ScreenLine("     \(step.summary)"))
            for command in step.commands { body.append(ScreenLine("       $ \(command)", .accent)) }
        }
        body.append("")
        body.append(ScreenLine("File changes", .bold))
        if plan.fileEdits.isEmpty { body.append("  none") }
        for edit in plan.fileEdits {
            body.append(ScreenLine("  \(edit.path)", .bold) + ScreenLine(": \(edit.reason)"))
            for line in UnifiedDiff.render(edit).split(separator: "\n", omittingEmptySubsequences: false)
            where !line.isEmpty {
                let style: ScreenLine.Style =
                    line.hasPrefix("+++") || line.hasPrefix("---")
                    ? .bold : line.hasPrefix("+") ? .added : line.hasPrefix("-") ? .removed : .plain
                body.append(ScreenLine("    " + line, style))
            }
        }
        body.append("")
        body.append(ScreenLine("Estimate: \(plan.estimate.basis).", .dim))
        return body
    }

    /// `0:45`, `12:03`, `1:02:03`.
    static func duration(_ seconds: Int) -> String {
        let hours = seconds / 3600
        if hours > 0 { return String(format: "%d:%02d:%02d", hours, (seconds % 3600) / 60, seconds % 60) }
        return String(format: "%d:%02d", seconds / 60, seconds % 60)
    }
}
