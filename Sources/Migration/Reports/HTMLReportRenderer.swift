import HostConfig

/// The report as one self-contained HTML page (inline style, no scripts, no external files): something a
/// person can attach to a mail for a colleague. Every text from the host is escaped.
public struct HTMLReportRenderer: Sendable {
    public init() {}

    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
        h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ddd;padding:.3em .5em;
        text-align:left;vertical-align:top}th{background:#f4f4f4}code,pre{font:12px/1.4 ui-monospace,monospace}
        pre{background:#f8f8f8;border:1px solid #e4e4e4;padding:.6em;overflow-x:auto}
        .add{color:#116329;background:#dafbe1}.del{color:#82071e;background:#ffebe9}.hunk{color:#0550ae}
        .ok{color:#116329}.warning{color:#9a6700}.blocker,.failed{color:#cf222e;font-weight:bold}
        .badge{display:inline-block;padding:.1em .6em;border-radius:1em;background:#eee}
        """

    public func render(_ report: MigrationReport) -> String {
        let plan = report.plan
        let summary = report.summary
        var body = "<h1>drivershift: \(e(summary.from)) &rarr; \(e(summary.to)) on \(e(summary.host))</h1>\n"
        body += "<p>Outcome: <span class=\"badge \(summary.outcome.rawValue)\">\(summary.outcome.rawValue)</span>"
        body += summary.outcome == .planned ? " &mdash; dry run: nothing has changed yet.</p>\n" : "</p>\n"

        body += "<h2>Summary</h2>\n<table>\n"
        body += row(["Images", "\(summary.images) (\(ReportFigures.bytes(summary.layerBytes)) of layers)"])
        body += row(["Containers carried", "\(summary.containersCarried) of \(plan.containers.count)"])
        body += row(["Volumes", "\(summary.volumes) (stay in place, checked by digest)"])
        body += row(["Preflight", "\(summary.blockers) blocker(s), \(summary.warnings) warning(s)"])
        body += row(["Estimated duration", ReportFigures.duration(Double(summary.estimatedSeconds))])
        body += row(["Estimated downtime", ReportFigures.duration(Double(summary.estimatedDowntimeSeconds))])
        if let downtime = summary.downtimeSeconds {
            body += row(["Measured downtime", ReportFigures.duration(downtime)])
        }
        body += row(["Verification", summary.verification])
        body += row(["Plan", "format \(plan.formatVersion), playbook \(plan.playbook), made \(plan.createdAt)"])
        body += "</table>\n"

        body += "<h2>Not carried</h2>\n"
        body +=
            plan.notCarried.isEmpty
            ? "<p>Everything is carried.</p>\n"
            : "<ul>" + plan.notCarried.map { "<li>\(e($0.kind)) <b>\(e($0.name))</b>: \(e($0.reason))</li>" }.joined()
                + "</ul>\n"

        body += "<h2>Preflight</h2>\n<table>\n" + header(["Status", "Check", "Finding", "What to do"])
        for check in plan.preflight {
            body +=
                "<tr><td class=\"\(check.status.rawValue)\">\(check.status.rawValue)</td><td>\(e(check.title))</td>"
                + "<td>\(e(check.finding))</td><td>\(e(check.remedy ?? ""))</td></tr>\n"
        }
        body += "</table>\n<h2>Space</h2>\n<table>\n" + header(["Purpose", "Where", "Needed", "Free"])
        for need in plan.space {
            body += row([
                need.purpose, need.path, ReportFigures.bytes(need.neededBytes), ReportFigures.bytes(need.freeBytes),
            ])
        }
        body += "</table>\n<h2>Steps</h2>\n<ol>\n"
        for step in plan.steps {
            let line = report.recap?.lines.first { $0.step == step.name }
            body += "<li><b>\(e(step.name))</b>" + (step.duringDowntime ? " <i>(downtime)</i>" : "")
            if let line {
                body +=
                    " &mdash; <span class=\"\(e(line.outcome))\">\(e(line.outcome))</span>"
                    + (line.detail.map { ": \(e($0))" } ?? "")
            }
            body += "<br>\(e(step.summary))"
            if !step.commands.isEmpty {
                body += "<pre>" + step.commands.map(e).joined(separator: "\n") + "</pre>"
            }
            body += "</li>\n"
        }
        body += "</ol>\n<h2>File changes</h2>\n"
        if plan.fileEdits.isEmpty { body += "<p>None.</p>\n" }
        for edit in plan.fileEdits {
            body +=
                "<h3><code>\(e(edit.path))</code></h3>\n<p>\(e(edit.reason))</p>\n<pre>"
                + diffLines(UnifiedDiff.render(edit)) + "</pre>\n"
        }
        body += "<h2>Images</h2>\n<table>\n" + header(["Image", "Tags", "Layers", "Size"])
        for image in plan.images {
            body += row([
                String(image.id.prefix(19)), image.tags.joined(separator: ", "), "\(image.diffIDs.count)",
                ReportFigures.bytes(image.bytes),
            ])
        }
        body += "</table>\n<h2>Containers</h2>\n<table>\n" + header(["Name", "Image", "State", "Action"])
        for container in plan.containers {
            body += row([
                container.name, container.image ?? "", container.state,
                container.action.rawValue + (container.committedImage.map { " -> \($0)" } ?? ""),
            ])
        }
        body += "</table>\n"
        if !report.mismatches.isEmpty {
            body += "<h2>Mismatches</h2>\n<ul>" + report.mismatches.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        body += "<p><small>Estimate basis: \(e(plan.estimate.basis)). Generated \(e(report.generatedAt)).</small></p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>drivershift report: \(e(summary.host))</title>
            <style>\(Self.style)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    private func diffLines(_ diff: String) -> String {
        diff.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = e(String(line))
            if line.hasPrefix("+++") || line.hasPrefix("---") { return "<b>\(text)</b>" }
            if line.hasPrefix("+") { return "<span class=\"add\">\(text)</span>" }
            if line.hasPrefix("-") { return "<span class=\"del\">\(text)</span>" }
            if line.hasPrefix("@@") { return "<span class=\"hunk\">\(text)</span>" }
            return text
        }.joined(separator: "\n")
    }

    private func header(_ cells: [String]) -> String {
        "<tr>" + cells.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
    }

    private func row(_ cells: [String]) -> String {
        "<tr>" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }
}
