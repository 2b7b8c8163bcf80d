import HostConfig

/// The report as Markdown: for a ticket, a wiki page or a terminal.
public struct MarkdownReportRenderer: Sendable {
    public init() {}

    public func render(_ report: MigrationReport) -> String {
        let plan = report.plan
        let summary = report.summary
        var out = "# drivershift: \(summary.from) -> \(summary.to) on \(summary.host)\n\n"
        out += "Outcome: **\(summary.outcome.rawValue)**"
        out += summary.outcome == .planned ? " (dry run: nothing has changed yet)\n\n" : "\n\n"

        out += "## Summary\n\n| | |\n|---|---|\n"
        out += "| Images | \(summary.images) (\(ReportFigures.bytes(summary.layerBytes)) of layers) |\n"
        out += "| Containers carried | \(summary.containersCarried) of \(plan.containers.count) |\n"
        out += "| Volumes | \(summary.volumes) (stay in place, checked by digest) |\n"
        out += "| Preflight | \(summary.blockers) blocker(s), \(summary.warnings) warning(s) |\n"
        out += "| Estimated duration | \(ReportFigures.duration(Double(summary.estimatedSeconds))) |\n"
        out += "| Estimated downtime | \(ReportFigures.duration(Double(summary.estimatedDowntimeSeconds))) |\n"
        if let downtime = summary.downtimeSeconds {
            out += "| Measured downtime | \(ReportFigures.duration(downtime)) |\n"
        }
        out += "| Verification | \(summary.verification) |\n"
        out +=
            "| Plan | format \(plan.formatVersion), playbook \(plan.playbook), fingerprint "
            + "`\(plan.fingerprint.digest.prefix(16))` |\n\n"

        out += "## Not carried\n\n"
        out +=
            plan.notCarried.isEmpty
            ? "Everything is carried.\n\n"
            : plan.notCarried.map { "- \($0.kind) **\($0.name)**: \($0.reason)" }.joined(separator: "\n") + "\n\n"

        out += "## Preflight\n\n| Status | Check | Finding | What to do |\n|---|---|---|---|\n"
        for check in plan.preflight {
            out +=
                "| \(check.status.rawValue) | \(cell(check.title)) | \(cell(check.finding)) | "
                + "\(cell(check.remedy ?? "")) |\n"
        }
        out += "\n## Space\n\n| Purpose | Where | Needed | Free |\n|---|---|---|---|\n"
        for need in plan.space {
            out +=
                "| \(cell(need.purpose)) | `\(need.path)` | \(ReportFigures.bytes(need.neededBytes)) | "
                + "\(ReportFigures.bytes(need.freeBytes)) |\n"
        }

        out += "\n## Steps\n\n"
        for (number, step) in plan.steps.enumerated() {
            let outcome = report.recap?.lines.first { $0.step == step.name }
            out += "\(number + 1). **\(step.name)**" + (step.duringDowntime ? " (downtime)" : "")
            out += outcome.map { " - \($0.outcome)" + ($0.detail.map { ": \($0)" } ?? "") } ?? ""
            out += "\n   \(step.summary)\n"
            for command in step.commands { out += "   - `\(command)`\n" }
        }

        out += "\n## File changes\n\n"
        if plan.fileEdits.isEmpty { out += "None.\n" }
        for edit in plan.fileEdits {
            out += "### \(edit.path)\n\n\(edit.reason)\n\n```diff\n\(UnifiedDiff.render(edit))"
            if !out.hasSuffix("\n") { out += "\n" }
            out += "```\n\n"
        }

        out += "## Images\n\n| Image | Tags | Layers | Size |\n|---|---|---|---|\n"
        for image in plan.images {
            out +=
                "| `\(image.id.prefix(19))` | \(cell(image.tags.joined(separator: ", "))) | \(image.diffIDs.count) | "
                + "\(ReportFigures.bytes(image.bytes)) |\n"
        }
        out += "\n## Containers\n\n| Name | Image | State | Action |\n|---|---|---|---|\n"
        for container in plan.containers {
            out +=
                "| \(cell(container.name)) | \(cell(container.image ?? "")) | \(container.state) | "
                + "\(container.action.rawValue)" + (container.committedImage.map { " -> `\($0)`" } ?? "") + " |\n"
        }
        if !report.mismatches.isEmpty {
            out += "\n## Mismatches\n\n" + report.mismatches.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        out += "\n_Estimate basis: \(plan.estimate.basis)._\n"
        return out
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
