import Foundation

/// Writes report.json, report.md and report.html side by side (each atomically) in a directory.
public enum ReportWriter {
    /// Returns the path of the HTML report.
    @discardableResult
    public static func write(_ report: MigrationReport, toDirectory directory: String) throws -> String {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let files = [
            ("report.json", try report.json()),
            ("report.md", MarkdownReportRenderer().render(report)),
            ("report.html", HTMLReportRenderer().render(report)),
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name), options: .atomic)
        }
        return directory + "/report.html"
    }

    /// The recap as the journal tells it so far: each step's last verified or failed outcome.
    public static func recap(from journal: MigrationJournal, plan: MigrationPlan) throws -> MigrationRecap {
        let entries = try journal.entries()
        var lines: [MigrationRecap.Line] = []
        var started: [String: Date] = [:]
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for entry in entries {
            guard let step = entry.step else { continue }
            switch entry.event {
            case .stepStarted:
                started[step] = parser.date(from: entry.time)
            case .stepVerified, .stepFailed:
                let seconds =
                    bothDates(started[step], parser.date(from: entry.time)).map { $1.timeIntervalSince($0) } ?? 0
                lines.removeAll { $0.step == step }
                lines.append(
                    .init(step: step, outcome: entry.outcome ?? "ok", detail: entry.message, seconds: seconds))
            default:
                break
            }
        }
        let rolledBack = entries.last { $0.event == .runRolledBack || $0.event == .runStarted }?.event == .runRolledBack
        return MigrationRecap(lines: lines, rolledBack: rolledBack, reportPath: nil)
    }
}

private func bothDates(_ first: Date?, _ second: Date?) -> (Date, Date)? {
    guard let first, let second else { return nil }
    return (first, second)
}
