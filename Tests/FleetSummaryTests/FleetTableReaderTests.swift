import Foundation
import Testing

@testable import FleetSummary

/// The reader turns the fetched reports of real drivershift runs into one row per host, with the reason
/// wherever a host did not migrate.
struct FleetTableReaderTests {
    @Test func aStoppedRolloutListsMigratedBlockedAndNotRunHostsInInventoryOrder() throws {
        let reports = try ReportsDirectory()
        try reports.put(fixture: "planned", host: "web-1", file: "dry-run.json")
        try reports.put(fixture: "migrated", host: "web-1", file: "report.json")
        try reports.put(Data("<html></html>".utf8), host: "web-1", file: "report.html")
        try reports.put(fixture: "blocked", host: "web-2", file: "dry-run.json")
        try reports.putFailure(
            host: "web-2", task: "Stop this host when preflight found blockers",
            message: "drivershift plan exited 1: blocker: ...")
        // The summary of an earlier batch lies beside the host directories: it is no host.
        try Data("old".utf8).write(to: URL(fileURLWithPath: reports.path + "/summary.md"))

        let table = try FleetTableReader(directory: reports.path, expectedHosts: ["web-1", "web-2", "web-3"]).read()

        #expect(table.hosts.map(\.name) == ["web-1", "web-2", "web-3"])
        #expect(table.hosts.map(\.outcome) == [.migrated, .blocked, .notRun])
        #expect(table.headline == "3 hosts: 1 migrated, 1 blocked, 1 not run")

        let migrated = table.hosts[0]
        #expect(migrated.from == "vfs" && migrated.to == "overlay2")
        #expect(migrated.images == 12 && migrated.layerBytes == 82_888_192)
        #expect(migrated.verification == "verified")
        #expect((migrated.downtimeSeconds ?? 0) > 0 && migrated.estimatedDowntimeSeconds == nil)
        #expect(migrated.reason == nil)
        #expect(migrated.reportLink == "web-1/report.html")

        let blocked = table.hosts[1]
        #expect(blocked.to == "direct-lvm (/dev/mapper/docker-thinpool)")
        #expect(blocked.verification == "not run")
        #expect(blocked.reason?.contains("/dev/sdz is not a block device") == true, "\(blocked.reason ?? "")")
        #expect(blocked.reportLink == nil, "no dry-run.html was fetched")

        #expect(table.hosts[2].reason?.contains("rollout stopped before this host's batch") == true)
        #expect(table.carried.images == 12 && table.carried.bytes == 82_888_192)
    }

    @Test func aDryRunIsPlannedWithTheEstimatedDowntime() throws {
        let reports = try ReportsDirectory()
        try reports.put(fixture: "planned", host: "db-1", file: "dry-run.json")
        try reports.put(Data("<html></html>".utf8), host: "db-1", file: "dry-run.html")
        let host = try #require(try FleetTableReader(directory: reports.path).read().hosts.first)
        #expect(host.outcome == .planned)
        #expect(host.downtimeSeconds == nil && host.estimatedDowntimeSeconds == 37)
        #expect(host.verification == "not run" && host.reason == nil)
        #expect(host.reportLink == "db-1/dry-run.html")
    }

    @Test func aHostOnTheTargetAlreadyIsUnchanged() throws {
        let reports = try ReportsDirectory()
        try reports.put(fixture: "already-on-target", host: "db-2", file: "dry-run.json")
        let host = try #require(try FleetTableReader(directory: reports.path).read().hosts.first)
        #expect(host.outcome == .unchanged)
        #expect(host.from == "overlay2" && host.to == "overlay2")
        #expect(host.reason == "already on overlay2: nothing to do")
        #expect(host.estimatedDowntimeSeconds == nil && host.verification == "-")
    }

    @Test func aRolledBackRunGivesTheFailedStepAsTheReason() throws {
        var report = try ReportsDirectory.object("migrated")
        report.set(["summary", "outcome"], "rolled-back")
        report.set(["summary", "verification"], "mismatch")
        var recap = try #require(report["recap"] as? [String: Any])
        var lines = try #require(recap["lines"] as? [[String: Any]])
        lines.append([
            "step": "verify-import", "outcome": "failed", "detail": "busybox:1 points elsewhere", "seconds": 1,
        ])
        recap["lines"] = lines
        recap["rolledBack"] = true
        report["recap"] = recap
        report["mismatches"] = ["verify-import: busybox:1 points elsewhere"]
        let reports = try ReportsDirectory()
        try reports.put(object: report, host: "app-1", file: "report.json")

        let host = try #require(try FleetTableReader(directory: reports.path).read().hosts.first)
        #expect(host.outcome == .rolledBack)
        #expect(host.verification == "mismatch")
        #expect(host.reason == "verify-import failed: busybox:1 points elsewhere", "the mismatch is said once")
    }

    @Test func aMigratedReportThatThePlaybookFailedIsAFailure() throws {
        let reports = try ReportsDirectory()
        try reports.put(fixture: "migrated", host: "app-2", file: "report.json")
        try reports.putFailure(host: "app-2", task: "Delete the old driver's set-aside state", message: "exit 1")
        var unverified = try ReportsDirectory.object("migrated")
        unverified.set(["summary", "verification"], "not run")
        try reports.put(object: unverified, host: "app-3", file: "report.json")

        let hosts = try FleetTableReader(directory: reports.path).read().hosts
        #expect(hosts.map(\.outcome) == [.failed, .failed])
        #expect(hosts[0].reason == "Delete the old driver's set-aside state: exit 1")
        #expect(hosts[1].reason == "verification: not run")
    }

    @Test func aFailureBeforeAnyReportIsReportedWithItsMessage() throws {
        let reports = try ReportsDirectory()
        try reports.putFailure(host: "app-4", task: "Copy the drivershift binary", message: "  No space left  \n")
        try reports.put(fixture: "planned", host: "app-5", file: "dry-run.json")
        try reports.putFailure(host: "app-5", task: "Fail the host when the run failed", message: "the host changed")
        let hosts = try FleetTableReader(directory: reports.path).read().hosts
        #expect(hosts.map(\.name) == ["app-4", "app-5"], "hosts found on disk come sorted")
        #expect(hosts[0].outcome == .failed && hosts[0].reason == "Copy the drivershift binary: No space left")
        #expect(hosts[0].from == nil && hosts[0].images == nil)
        #expect(hosts[1].outcome == .failed && hosts[1].reason == "Fail the host when the run failed: the host changed")
    }

    @Test func badReportsAndDirectoriesFailWithThePath() throws {
        let reports = try ReportsDirectory()
        var future = try ReportsDirectory.object("migrated")
        future["formatVersion"] = 9
        try reports.put(object: future, host: "new", file: "report.json")
        #expect {
            try FleetTableReader(directory: reports.path).read()
        } throws: { error in
            guard case FleetSummaryError.unknownReportFormat(let path, 9) = error else { return false }
            return path.hasSuffix("new/report.json")
        }

        let broken = try ReportsDirectory()
        var missing = try ReportsDirectory.object("planned")
        missing.removeValue(forKey: "summary")
        try broken.put(object: missing, host: "old", file: "dry-run.json")
        #expect {
            try FleetTableReader(directory: broken.path).read()
        } throws: { error in
            "\(error)".contains("old/dry-run.json is not a drivershift report: no .summary")
        }

        let truncated = try ReportsDirectory()
        try truncated.put(Data("{\"formatVersion\": 1, ".utf8), host: "cut", file: "report.json")
        #expect(throws: FleetSummaryError.self) { try FleetTableReader(directory: truncated.path).read() }

        #expect {
            try FleetTableReader(directory: reports.path + "/nowhere").read()
        } throws: { error in
            "\(error)".contains("the reports directory \(reports.path)/nowhere cannot be read")
        }
    }
}
