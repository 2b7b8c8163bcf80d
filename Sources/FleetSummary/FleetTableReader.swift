import Foundation
import Migration

/// Reads the reports the fleet playbook fetched (`<directory>/<host>/dry-run.json`, `report.json`, and its
/// notes) into one table. A host the rollout never reached has no directory: it is listed as not run when
/// the caller names it (the play's hosts), so a stopped rollout shows what it left out.
public struct FleetTableReader: Sendable {
    public let directory: String
    /// The play's hosts in inventory order; directories of other hosts follow, sorted.
    public let expectedHosts: [String]

    public init(directory: String, expectedHosts: [String] = []) {
        self.directory = directory
        self.expectedHosts = expectedHosts
    }

    public func read(now: Date = Date()) throws -> FleetTable {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw FleetSummaryError.unreadableDirectory(path: directory, reason: error.localizedDescription)
        }
        let found = entries.filter { isDirectory(directory + "/" + $0) }.sorted()
        var names: [String] = []
        for name in expectedHosts + found where !names.contains(name) { names.append(name) }
        return FleetTable(hosts: try names.map(host(named:)), generatedAt: MigrationClock.string(from: now))
    }

    func host(named name: String) throws -> FleetHost {
        let hostDirectory = directory + "/" + name
        let failure = try decode(FleetNotes.Failure.self, at: hostDirectory + "/" + FleetHostFiles.failure)
        if let final = try report(at: hostDirectory + "/" + FleetHostFiles.finalJSON) {
            return finalRow(name: name, final, failure: failure, link: link(name, FleetHostFiles.finalHTML))
        }
        if let dryRun = try report(at: hostDirectory + "/" + FleetHostFiles.dryRunJSON) {
            return dryRunRow(name: name, dryRun, failure: failure, link: link(name, FleetHostFiles.dryRunHTML))
        }
        if let failure {
            return FleetHost(name: name, outcome: .failed, reason: Self.describe(failure))
        }
        return FleetHost(
            name: name, verification: "-", outcome: .notRun,
            reason: "no report fetched: the rollout stopped before this host's batch, or the host was unreachable")
    }

    /// A run happened: its outcome, and the failed steps and mismatches as the reason.
    func finalRow(name: String, _ report: MigrationReport, failure: FleetNotes.Failure?, link: String?)
        -> FleetHost
    {
        let summary = report.summary
        let failedLines = report.recap?.lines.filter { $0.outcome == "failed" } ?? []
        var reasons = failedLines.map { line in "\(line.step) failed" + (line.detail.map { ": \($0)" } ?? "") }
        // The engine lists each failed step's detail as a mismatch too ("step: detail"): say it once.
        let said = Set(failedLines.map { "\($0.step): \($0.detail ?? "")" })
        reasons += report.mismatches.filter { !said.contains($0) }
        if let failure { reasons.append(Self.describe(failure)) }
        var outcome: FleetHost.Outcome
        switch summary.outcome {
        case .planned: outcome = .planned
        case .migrated: outcome = .migrated
        case .failed: outcome = .failed
        case .rolledBack: outcome = .rolledBack
        }
        // The playbook failed the host after the run (verification not proven, cleanup failed): not a success.
        if outcome == .migrated && (failure != nil || summary.verification != "verified") { outcome = .failed }
        if outcome == .failed && reasons.isEmpty { reasons.append("verification: \(summary.verification)") }
        return row(name: name, summary, outcome: outcome, reasons: reasons, link: link)
    }

    /// Only the plan exists: blocked by preflight, refused when run, or a dry run.
    func dryRunRow(name: String, _ report: MigrationReport, failure: FleetNotes.Failure?, link: String?)
        -> FleetHost
    {
        let blockers = report.plan.blockers.map { "\($0.title): \($0.finding)" }
        if !blockers.isEmpty {
            return row(name: name, report.summary, outcome: .blocked, reasons: blockers, link: link)
        }
        if let failure {
            return row(name: name, report.summary, outcome: .failed, reasons: [Self.describe(failure)], link: link)
        }
        if let finding = Self.alreadyOnTarget(report) {
            var host = row(name: name, report.summary, outcome: .unchanged, reasons: [finding], link: link)
            host.estimatedDowntimeSeconds = nil
            host.verification = "-"
            return host
        }
        return row(name: name, report.summary, outcome: .planned, reasons: [], link: link)
    }

    private func row(
        name: String, _ summary: MigrationReport.Summary, outcome: FleetHost.Outcome, reasons: [String],
        link: String?
    ) -> FleetHost {
        FleetHost(
            name: name, from: summary.from, to: summary.to, images: summary.images, layerBytes: summary.layerBytes,
            downtimeSeconds: summary.downtimeSeconds,
            estimatedDowntimeSeconds: summary.downtimeSeconds == nil ? summary.estimatedDowntimeSeconds : nil,
            verification: summary.verification, outcome: outcome,
            reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), reportLink: link)
    }

    /// Preflight's `driver.already-target` check says "already on <target>: nothing to do" when the host runs
    /// the target now; the fleet playbook then skips the run, and so the host is unchanged.
    static func alreadyOnTarget(_ report: MigrationReport) -> String? {
        report.plan.preflight.first { $0.id == "driver.already-target" && $0.finding.hasPrefix("already on ") }?
            .finding
    }

    private static func describe(_ failure: FleetNotes.Failure) -> String {
        let message = failure.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let task = failure.task, !task.isEmpty else { return message }
        return "\(task): \(message)"
    }

    private func report(at path: String) throws -> MigrationReport? {
        guard let probe = try decode(FleetNotes.FormatProbe.self, at: path) else { return nil }
        guard probe.formatVersion == MigrationReport.currentFormatVersion else {
            throw FleetSummaryError.unknownReportFormat(path: path, found: probe.formatVersion)
        }
        return try decode(MigrationReport.self, at: path)
    }

    private func decode<Value: Decodable>(_ type: Value.Type, at path: String) throws -> Value? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw FleetSummaryError.unreadableReport(path: path, reason: Self.explain(error))
        }
    }

    private func link(_ host: String, _ file: String) -> String? {
        FileManager.default.fileExists(atPath: directory + "/" + host + "/" + file) ? host + "/" + file : nil
    }

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// DecodingError's description names no key; say which one and where.
    private static func explain(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
                : "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }
}
