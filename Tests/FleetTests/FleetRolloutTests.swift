import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

/// The fleet playbook with real ansible-playbook (ansible-core from PyPI) over real SSH to three sandbox hosts:
/// a check-mode run changes nothing, an apply run migrates all three batch by batch, and a host that fails
/// preflight stops its batch, later batches never start, and the summary says why.
@Suite(.serialized) struct FleetRolloutTests {
    @Test func ansibleLintPassesOnTheFleetPlaybook() async throws {
        let tools = try AnsibleTools.locate()
        let scratch = try DriverShiftBinary.temporaryDirectory("fleet-lint")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let lint = try await tools.lint(scratch: scratch)
        #expect(lint.exitCode == 0, "ansible-lint:\n\(lint.standardOutput)\n\(lint.standardError)")
        #expect(
            lint.standardError.contains("Profile 'production' was required, and it passed"), "\(lint.standardError)")
    }

    @Test func checkModeThenARealRolloutThenAFailingBatch() async throws {
        try await FleetLab.with { lab in
            let inventory = try lab.writeInventory("inventory", overrides: ["fleet-1": ["drivershift_cleanup": "true"]])
            try await checkModeChangesNothing(lab, inventory: inventory)
            try await applyMigratesEveryHost(lab, inventory: inventory)
            try await aBlockedHostStopsTheRollout(lab)
            try await aFailedRunIsRolledBackAndExplained(lab, inventory: inventory)
            DriverShiftBinary.recordEvidence("real-ansible-fleet")
        }
    }

    /// `--check`: every host is planned and its dry-run reports fetched; nothing on a host changes.
    func checkModeChangesNothing(_ lab: FleetLab, inventory: String) async throws {
        var before: [String: Data] = [:]
        for host in lab.hosts { before[host.name] = try lab.daemonJSON(host) }
        let scratchBefore = try Self.checkScratchDirectories()

        let check = try await lab.rollout("check", inventory: inventory, variables: [:], arguments: ["--check"])
        try #require(check.exitCode == 0, "ansible-playbook --check:\n\(check.standardOutput)\(check.standardError)")

        for host in lab.hosts {
            #expect(
                try lab.daemonJSON(host) == before[host.name], "\(host.name): daemon.json is byte for byte the same")
            #expect(try await lab.driver(host) == "vfs")
            #expect(
                !FileManager.default.fileExists(atPath: host.root + "/usr/local/bin/drivershift"), "nothing installed")
            #expect(!FileManager.default.fileExists(atPath: host.workDirectory), "no plan left on \(host.name)")
            #expect(!FileManager.default.fileExists(atPath: host.root + "/var/lib/drivershift/runs"), "no run started")
            let dryRun = try Self.json(lab.report(host, "dry-run.json"))
            #expect((dryRun["summary"] as? [String: Any])?["outcome"] as? String == "planned")
            let html = try String(contentsOfFile: lab.report(host, "dry-run.html"), encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(
                try lab.summaryRow(host) == [
                    host.name, "vfs -> overlay2", "12", "82.9 MB", "~37 s (est.)", "not run", "planned", "",
                ])
        }
        #expect(try Self.checkScratchDirectories() == scratchBefore, "check mode removed its scratch directories")
        #expect(try lab.summary("md").contains("3 hosts: 3 planned."))
    }

    /// `-e drivershift_apply=true`, batches of 1 then 67% (of 3 hosts: 2): all three migrate and verify; fleet-1
    /// cleans up its old store.
    func applyMigratesEveryHost(_ lab: FleetLab, inventory: String) async throws {
        var tagsBefore: [String: Set<String>] = [:]
        for host in lab.hosts { tagsBefore[host.name] = try await lab.tags(host) }

        let apply = try await lab.rollout(
            "apply", inventory: inventory, variables: ["drivershift_apply": true, "drivershift_serial": [1, "67%"]])
        try #require(apply.exitCode == 0, "ansible-playbook:\n\(apply.standardOutput)\(apply.standardError)")
        // Two batches: one play header per batch.
        #expect(apply.standardOutput.components(separatedBy: "PLAY [").count - 1 == 2, "\(apply.standardOutput)")

        for host in lab.hosts {
            #expect(try await lab.driver(host) == "overlay2", "\(host.name) runs overlay2")
            let tags = try await lab.tags(host)
            #expect(tagsBefore[host.name, default: []].isSubset(of: tags), "\(host.name) kept every tag: \(tags)")
            let summary = try #require(try Self.json(lab.report(host, "report.json"))["summary"] as? [String: Any])
            #expect(summary["verification"] as? String == "verified" && summary["outcome"] as? String == "migrated")
            let journal = try String(contentsOfFile: lab.report(host, "journal.jsonl"), encoding: .utf8)
            #expect(journal.contains("\"event\":\"run-finished\""), "\(host.name)'s journal was fetched")
            let row = try lab.summaryRow(host)
            #expect(row[1] == "vfs -> overlay2" && row[5] == "verified" && row[6] == "migrated", "\(row)")
            #expect(row[4].hasSuffix(" s") && !row[4].contains("est."), "measured downtime: \(row)")
        }
        #expect(try lab.summary("md").contains("3 hosts: 3 migrated. The 3 migrated hosts carried 36 image(s)"))
        let html = try lab.summary("html")
        #expect(html.contains("<a href=\"fleet-2/report.html\">fleet-2</a>"))
        #expect(!html.contains("<script") && !html.contains("<link"))

        // drivershift_cleanup on fleet-1 only: its old vfs store is gone; the others keep theirs.
        let setAside = ["fleet-1": 0, "fleet-2": 1, "fleet-3": 1]
        for host in lab.hosts {
            let entries =
                (try? FileManager.default.contentsOfDirectory(
                    atPath: host.root + "/var/lib/docker/drivershift-set-aside")) ?? []
            #expect(entries.count == setAside[host.name], "\(host.name) set-aside: \(entries)")
        }
    }

    /// fleet-2 is asked for direct-lvm on a regular file: preflight blocks it in the second batch, the
    /// rollout stops, fleet-3 (third batch) is never touched, and fleet-1, already on overlay2, is left alone.
    func aBlockedHostStopsTheRollout(_ lab: FleetLab) async throws {
        let (first, second, third) = (lab.hosts[0], lab.hosts[1], lab.hosts[2])
        for host in [second, third] {
            let rollback = try await DriverShiftBinary.run(
                ["rollback", "--plan", host.workDirectory + "/plan.yaml", "--yes"])
            try #require(rollback.exitCode == 2, "rollback of \(host.name): \(rollback.standardError)")
            #expect(try await lab.driver(host) == "vfs")
        }
        try FileManager.default.createDirectory(atPath: second.root + "/dev", withIntermediateDirectories: true)
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: second.root + "/dev/sdz"))
        let inventory = try lab.writeInventory(
            "inventory-failing",
            overrides: ["fleet-2": ["drivershift_target": "direct-lvm", "drivershift_device": "/dev/sdz"]])
        let daemonJSON = try lab.daemonJSON(second)
        let thirdPlan = try FileManager.default.attributesOfItem(atPath: third.workDirectory + "/plan.yaml")

        let failing = try await lab.rollout(
            "failing", inventory: inventory, variables: ["drivershift_apply": true, "drivershift_serial": [1]])
        let output = failing.standardOutput + failing.standardError
        #expect(failing.exitCode == 2, "a failed host fails the rollout:\n\(output)")
        #expect(output.contains("fatal: [fleet-2]"), "\(output)")
        // Task results name a host as [fleet-3]; the recap lists every host a task ran on.
        #expect(!output.contains("[fleet-3]"), "the third batch never started:\n\(output)")
        #expect(!output.contains("\nfleet-3 "), "fleet-3 is not in the recap:\n\(output)")

        #expect(try await lab.driver(first) == "overlay2")
        #expect(try await lab.driver(second) == "vfs")
        #expect(try lab.daemonJSON(second) == daemonJSON, "the blocked host's daemon.json is unchanged")
        #expect(try await lab.driver(third) == "vfs")
        let thirdPlanAfter = try FileManager.default.attributesOfItem(atPath: third.workDirectory + "/plan.yaml")
        #expect(thirdPlanAfter[.modificationDate] as? Date == thirdPlan[.modificationDate] as? Date)
        #expect(!FileManager.default.fileExists(atPath: lab.reportsDirectory + "/fleet-3"), "no stale reports")

        #expect(try lab.summary("md").contains("3 hosts: 1 unchanged, 1 blocked, 1 not run."))
        #expect(try lab.summaryRow(first)[6] == "unchanged")
        let blocked = try lab.summaryRow(second)
        #expect(blocked[6] == "**blocked**", "\(blocked)")
        #expect(blocked[7].contains("/dev/sdz is not a block device"), "the summary says why: \(blocked)")
        let notRun = try lab.summaryRow(third)
        #expect(notRun[6] == "not run" && notRun[7].contains("rollout stopped before this host's batch"))
        let failure = try Self.json(lab.report(second, "failure.json"))
        #expect((failure["message"] as? String)?.contains("not a block device") == true, "\(failure)")
    }

    /// The operator fixes fleet-2 and runs the rollout again, all hosts in one batch. fleet-3's export store
    /// from its earlier (rolled-back) run has a rotted blob, so its run fails at verify-export and drivershift
    /// rolls it back; the host fails with its final report fetched. fleet-2 migrates beside it; fleet-1 is skipped.
    func aFailedRunIsRolledBackAndExplained(_ lab: FleetLab, inventory: String) async throws {
        let (first, second, third) = (lab.hosts[0], lab.hosts[1], lab.hosts[2])
        // Same host state, same fingerprint: the new plan uses the export directory of the earlier one.
        let plan = try String(contentsOfFile: third.workDirectory + "/plan.yaml", encoding: .utf8)
        let exportLine = try #require(plan.split(separator: "\n").first { $0.hasPrefix("exportDirectory: ") })
        let blobs = third.root + exportLine.dropFirst("exportDirectory: ".count) + "/blobs/sha256"
        let victim = try #require(
            try FileManager.default.contentsOfDirectory(atPath: blobs).max { left, right in
                try Self.size(blobs + "/" + left) < Self.size(blobs + "/" + right)
            })
        let handle = try #require(FileHandle(forUpdatingAtPath: blobs + "/" + victim))
        try handle.seek(toOffset: 50_000)
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: 50_000)
        try handle.write(contentsOf: Data([byte[0] ^ 0xFF]))
        try handle.close()
        let tagsBefore = try await lab.tags(third)

        let rerun = try await lab.rollout(
            "rerun", inventory: inventory, variables: ["drivershift_apply": true, "drivershift_serial": [3]])
        let output = rerun.standardOutput + rerun.standardError
        #expect(rerun.exitCode == 2, "fleet-3 failed the rollout:\n\(output)")
        #expect(output.contains("fatal: [fleet-3]"), "\(output)")
        #expect(try await lab.driver(first) == "overlay2")
        #expect(try await lab.driver(second) == "overlay2")
        #expect(try await lab.driver(third) == "vfs", "drivershift rolled fleet-3 back")
        #expect(try await lab.tags(third) == tagsBefore)

        #expect(try lab.summary("md").contains("3 hosts: 1 migrated, 1 unchanged, 1 rolled-back."))
        #expect(try lab.summaryRow(first)[6] == "unchanged")
        let migrated = try lab.summaryRow(second)
        #expect(migrated[5] == "verified" && migrated[6] == "migrated", "\(migrated)")
        let rolledBack = try lab.summaryRow(third)
        #expect(rolledBack[6] == "**rolled-back**", "\(rolledBack)")
        #expect(rolledBack[7].hasPrefix("verify-export failed: "), "\(rolledBack)")
        #expect(try lab.summary("html").contains(victim), "the full reason names the rotted blob")
        let journal = try String(contentsOfFile: lab.report(third, "journal.jsonl"), encoding: .utf8)
        #expect(journal.contains("\"event\":\"run-rolled-back\""), "the journal came back")
    }

    static func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("\(path) is not a JSON object")
        }
        return object
    }

    /// The check-mode scratch directories (Ansible's tempfile prefix) in /tmp.
    static func checkScratchDirectories() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("drivershift-check.") })
    }
}
