import Foundation
import HostSystem
import Migration

/// What the wizard leaves in the terminal's scrollback when it ends: the result, the recap, and where the
/// report, the backups, the old data and the plan are, with the commands that go on from here.
struct ResultText {
    let session: MigrationSession
    let savedPath: String?

    var plan: MigrationPlan { session.plan }
    var runCopy: String { session.stateDirectory + "/" + MigrationSession.planCopyName }
    var planForCommands: String { savedPath ?? runCopy }

    func finished(_ recap: MigrationRecap) -> WizardOutcome {
        var lines: [ScreenLine] = []
        if recap.failed {
            let failed = recap.lines.first { $0.outcome == "failed" }
            lines.append(
                ScreenLine(
                    "drivershift wizard: the migration failed at \(failed?.step ?? "a step")"
                        + (recap.rolledBack
                            ? " and was rolled back: dockerd runs with \(plan.host.sourceDriver ?? "its old driver") again."
                            : "; it stopped there."),
                    .bad))
            if let detail = failed?.detail { lines.append(ScreenLine("  \(detail)", .bad)) }
        } else {
            lines.append(
                ScreenLine("drivershift wizard: \(plan.host.hostname) now runs \(plan.target.driverName).", .good))
            let recreated = plan.containers.filter { $0.action == .recreate || $0.action == .commitAndRecreate }
            lines.append(
                ScreenLine(
                    "  Carried and verified: \(Plural.count(plan.images.count, "image")), "
                        + "\(Plural.count(recreated.count, "container")) recreated, "
                        + "\(Plural.count(plan.volumes.count, "volume")) checked."))
        }
        lines += recapLines(recap)
        lines.append("")
        if let report = recap.reportPath {
            lines.append(ScreenLine("Report:   ", .bold) + ScreenLine("\(report) (also report.md and report.json)"))
        }
        lines += whereThingsAre()
        if !recap.failed {
            lines.append(ScreenLine("Undo:     ", .bold) + ScreenLine("drivershift rollback --plan \(planForCommands)"))
            lines.append(
                ScreenLine("Free:     ", .bold)
                    + ScreenLine("drivershift cleanup --plan \(planForCommands) (once you are satisfied)"))
        } else if !recap.rolledBack {
            lines += nextSteps()
        }
        return WizardOutcome(exitCode: recap.exitCode, lines: lines)
    }

    func stopped() -> WizardOutcome {
        let verified = (try? session.journal.verifiedSteps()) ?? []
        let done = plan.steps.map(\.name).filter(verified.contains)
        var lines = [
            ScreenLine(
                "drivershift wizard: stopped safely after \(done.last ?? "the start"); the migration is not finished.",
                .warning),
            "  Done: \(done.isEmpty ? "nothing yet" : done.joined(separator: ", ")).",
            "  dockerd: \(UnfinishedRunScreen.daemonState(plan, verified: verified)).",
            "",
        ]
        lines += nextSteps()
        lines.append(ScreenLine("Journal:  ", .bold) + ScreenLine(session.journal.location))
        return WizardOutcome(exitCode: 130, lines: lines)
    }

    func rolledBack() -> WizardOutcome {
        WizardOutcome(
            exitCode: 2,
            lines: [
                ScreenLine(
                    "drivershift wizard: rolled back; dockerd runs with \(plan.host.sourceDriver ?? "its old driver") "
                        + "again, with its images.", .good),
                ScreenLine("Report:   ", .bold) + ScreenLine(session.stateDirectory + "/report.html"),
                "Start the wizard again to make a new plan.",
            ])
    }

    func broken(_ error: any Error) -> WizardOutcome {
        var lines = [ScreenLine("drivershift wizard: error: \(error)", .bad), ""]
        lines += nextSteps()
        lines.append(ScreenLine("Journal:  ", .bold) + ScreenLine(session.journal.location))
        return WizardOutcome(exitCode: 1, lines: lines)
    }

    static func failure(_ message: String, hint: String?) -> WizardOutcome {
        var lines = [ScreenLine("drivershift wizard: error: \(message)", .bad)]
        if let hint { lines.append(ScreenLine(hint)) }
        return WizardOutcome(exitCode: 1, lines: lines)
    }

    private func nextSteps() -> [ScreenLine] {
        [
            ScreenLine("Continue: ", .bold)
                + ScreenLine(
                    "start the wizard again with the same options (it offers to resume), or "
                        + "drivershift resume --plan \(runCopy)"),
            ScreenLine("Undo:     ", .bold) + ScreenLine("drivershift rollback --plan \(runCopy)"),
        ]
    }

    private func recapLines(_ recap: MigrationRecap) -> [ScreenLine] {
        var lines = [
            ScreenLine(
                "RECAP  ok=\(recap.count("ok")) changed=\(recap.count("changed")) skipped=\(recap.count("skipped")) "
                    + "failed=\(recap.count("failed"))" + (recap.rolledBack ? " rolled-back" : ""), .bold)
        ]
        for line in recap.lines {
            let style: ScreenLine.Style = line.outcome == "failed" ? .bad : line.outcome == "changed" ? .good : .plain
            lines.append(
                ScreenLine("  " + line.step.padding(to: 15) + " ") + ScreenLine(line.outcome.padding(to: 8), style)
                    + ScreenLine(String(format: " %6.1f s", line.seconds)))
        }
        return lines
    }

    /// The backups of every file the plan edits, the old driver's set-aside data, the export store and the plan.
    private func whereThingsAre() -> [ScreenLine] {
        let hostRoot = session.hostRoot
        var lines: [ScreenLine] = []
        var backups: [String] = []
        for edit in plan.fileEdits {
            let location = hostRoot.resolve(edit.path)
            let directory = (location as NSString).deletingLastPathComponent
            let prefix = (location as NSString).lastPathComponent + ".drivershift-"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            backups += names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".bak") }.sorted().map {
                directory + "/" + $0
            }
        }
        if !backups.isEmpty {
            lines.append(ScreenLine("Backups:  ", .bold) + ScreenLine(backups.joined(separator: ", ")))
        }
        let setAside = hostRoot.resolve(
            plan.host.dataRoot + "/drivershift-set-aside/" + plan.fingerprint.digest.prefix(12))
        if FileManager.default.fileExists(atPath: setAside) {
            lines.append(ScreenLine("Old data: ", .bold) + ScreenLine("\(setAside) (kept; nothing was deleted)"))
        }
        lines.append(ScreenLine("Export:   ", .bold) + ScreenLine(hostRoot.resolve(plan.exportDirectory)))
        lines.append(
            ScreenLine("Plan:     ", .bold)
                + ScreenLine(
                    savedPath.map { "\($0) (replay elsewhere: drivershift run --plan \($0))" } ?? runCopy))
        return lines
    }
}
