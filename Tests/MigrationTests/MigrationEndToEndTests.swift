import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

/// A vfs host with images, tags, a volume and containers migrates to overlay2 through plan, report and run,
/// with real dockerd 20.10 daemons; rollback brings it back; stale and unknown plans are refused.
@Suite(.serialized) struct MigrationEndToEndTests {
    @Test func planReportRunAndRollback() async throws {
        try await MigrationSandbox.with { host in
            let before = try await host.state()
            let daemonJSON = try Data(contentsOf: URL(fileURLWithPath: host.sandbox.layout.configFile))
            try await host.plan()

            // The dry-run report shows everything before anything changes.
            let markdown = try await DriverShiftBinary.run(["report", host.planPath, "--format", "md"])
            #expect(markdown.exitCode == 0)
            #expect(markdown.standardOutput.contains("-{\"storage-driver\": \"vfs\"}"))
            #expect(markdown.standardOutput.contains("drivershift-test-dirty"))
            #expect(markdown.standardOutput.contains("commit-and-recreate"))
            let html = try await DriverShiftBinary.run(["report", host.planPath, "--format", "html"])
            #expect(html.standardOutput.hasPrefix("<!DOCTYPE html>"))
            #expect(!html.standardOutput.contains("<script") && !html.standardOutput.contains("<link"))
            #expect(html.standardOutput.contains("<span class=\"add\">+{&quot;storage-driver&quot;"))
            let json = try await DriverShiftBinary.run(["report", host.planPath, "--format", "json"])
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["outcome"] as? String == "planned")
            #expect(summary["images"] as? Int == Set(before.images.map { $0.prefix(71) }).count)
            #expect(try await host.state() == before, "plan and report change nothing")

            let run = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes", "--format", "json"])
            #expect(run.exitCode == 2, "exit 2 means changed:\n\(run.standardError)")
            let events = run.standardOutput.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(events.first?["event"] as? String == "run-started")
            #expect(events.last?["event"] as? String == "run-finished")
            #expect(events.last?["exitCode"] as? Int == 2)
            let finished = events.filter { $0["event"] as? String == "step-finished" }.compactMap {
                $0["step"] as? String
            }
            #expect(finished.count == 13, "one step-finished event per step: \(finished)")
            let after = try await host.state()
            #expect(after == before.migrated(dirtyContainer: "drivershift-test-dirty"), "\(after)")
            let dirty = try await host.sandbox.docker(
                ["run", "--rm", "--entrypoint", "cat", "drivershift/committed:drivershift-test-dirty", "/dirty.txt"])
            #expect(dirty.standardOutput.contains("dirty"), "the committed writable layer came along")

            let again = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(again.exitCode == 1)
            #expect(again.standardError.contains("already started"), "\(again.standardError)")

            let rollback = try await DriverShiftBinary.run(["rollback", "--plan", host.planPath, "--yes"])
            let cleanup = try await DriverShiftBinary.run(["cleanup", "--plan", host.planPath, "--yes"])
            #expect(cleanup.exitCode == 1, "cleanup after a rollback deletes nothing: \(cleanup.standardError)")
            #expect(rollback.exitCode == 2, "\(rollback.standardError)")
            #expect(try await host.state() == before, "rollback gives the old daemon back with all its images")
            #expect(try Data(contentsOf: URL(fileURLWithPath: host.sandbox.layout.configFile)) == daemonJSON)
            DriverShiftBinary.recordEvidence("real-dockerd-migration")
        }
    }

    @Test func aStalePlanAndAnUnknownFormatAreRefused() async throws {
        try await MigrationSandbox.with { host in
            try await host.plan()
            try await host.sandbox.docker(["create", "--name", "late", "drivershift-test/base:1", "true"])
            let stale = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(stale.exitCode == 1)
            #expect(stale.standardError.contains("containers: 1 added"), "\(stale.standardError)")

            let text = try String(contentsOfFile: host.planPath, encoding: .utf8)
            try text.replacingOccurrences(of: "formatVersion: 1\n", with: "formatVersion: 99\n")
                .write(toFile: host.planPath, atomically: true, encoding: .utf8)
            let future = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(future.exitCode == 1)
            #expect(future.standardError.contains("format version 99"), "\(future.standardError)")
            #expect(try await host.state().driver == "vfs")
        }
    }

    @Test func aCorruptedBlobIsCaughtBeforeTheOldStateIsSetAside() async throws {
        try await MigrationSandbox.with { host in
            let before = try await host.state()
            try await host.plan()
            // An earlier export left the store; one of its blobs has rotted in place (same size, one byte off).
            let plan = try String(contentsOfFile: host.planPath, encoding: .utf8)
            let exportLine = try #require(plan.split(separator: "\n").first { $0.hasPrefix("exportDirectory: ") })
            let store = host.directory + exportLine.dropFirst("exportDirectory: ".count)
            try FileManager.default.createDirectory(
                atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let export = try await DriverShiftBinary.run(
                ["export", "--all", "--to", store, "--host-root", host.directory, "-H", host.sandbox.hostURL])
            #expect(export.exitCode == 0, "\(export.standardOutput)\n\(export.standardError)")
            let blobs = try FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256").sorted()
            let victim = try #require(
                try blobs.map { "\(store)/blobs/sha256/\($0)" }.first {
                    (try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int ?? 0) > 100_000
                })
            let handle = try #require(FileHandle(forUpdatingAtPath: victim))
            try handle.seek(toOffset: 50_000)
            let byte = try #require(try handle.read(upToCount: 1))
            try handle.seek(toOffset: 50_000)
            try handle.write(contentsOf: Data([byte[0] ^ 0xFF]))
            try handle.close()

            let run = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(run.exitCode == 1)
            #expect(run.standardError.contains("verify-export"), "\(run.standardError)")
            let journal = try String(
                contentsOfFile: host.directory + Self.runDirectory(plan) + "/journal.jsonl", encoding: .utf8)
            #expect(!journal.contains("\"step\":\"set-aside\""), "nothing was set aside")
            #expect(!journal.contains("\"step\":\"stop-daemon\""), "the daemon was never stopped")
            #expect(try await host.state() == before)
        }
    }

    @Test func aFailedStartRollsBackByItselfOrStopsAndACleanRunCanBeCleanedUp() async throws {
        try await MigrationSandbox.with { host in
            let before = try await host.state()
            let tool = try SandboxBinary.path()
            // Refuses to start dockerd on overlay2, as a host whose kernel lacks it would: the fault is in the
            // start command; the daemons, files and rollback are real.
            let script = host.directory + "/refuse-overlay2.sh"
            try """
            #!/bin/sh
            if grep -q overlay2 "\(host.sandbox.layout.configFile)"; then exit 1; fi
            exec "\(tool)" start --dir "\(host.directory)"

            """.write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            let refusing = try host.hostArguments().map { $0.hasSuffix("start --dir \(host.directory)") ? script : $0 }

            let planned = try await DriverShiftBinary.run(
                ["plan", "--to", "overlay2"] + refusing + ["-o", host.planPath])
            #expect(planned.exitCode == 0, "\(planned.standardError)")
            let failed = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(failed.exitCode == 1)
            #expect(failed.standardError.contains("rolling back"), "\(failed.standardError)")
            #expect(try await host.state() == before, "the failed run rolled itself back")

            let stopping = try await DriverShiftBinary.run(
                ["plan", "--to", "overlay2", "--on-failure", "stop"] + refusing + ["-o", host.planPath])
            #expect(stopping.exitCode == 0, "\(stopping.standardError)")
            let stopped = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(stopped.exitCode == 1)
            #expect(!stopped.standardError.contains("rolling back"), "\(stopped.standardError)")
            let rollback = try await DriverShiftBinary.run(["rollback", "--plan", host.planPath, "--yes"])
            #expect(rollback.exitCode == 2, "\(rollback.standardError)")
            #expect(try await host.state() == before)

            try await host.plan()
            let run = try await DriverShiftBinary.run(["run", "--plan", host.planPath, "--yes"])
            #expect(run.exitCode == 2, "\(run.standardError)")
            let plan = try String(contentsOfFile: host.planPath, encoding: .utf8)
            let setAside = host.sandbox.dataRoot + "/drivershift-set-aside"
            #expect(FileManager.default.fileExists(atPath: setAside))
            let cleanup = try await DriverShiftBinary.run(["cleanup", "--plan", host.planPath, "--yes"])
            #expect(cleanup.exitCode == 2, "\(cleanup.standardError)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: setAside)) ?? []
            #expect(left.isEmpty, "the old state is gone after cleanup: \(left)")
            #expect(try await host.state() == before.migrated(dirtyContainer: "drivershift-test-dirty"))
            #expect(plan.contains("onFailure: rollback"))
        }
    }

    static func runDirectory(_ plan: String) -> String {
        let line = plan.split(separator: "\n").first { $0.hasPrefix("stateDirectory: ") } ?? ""
        return String(line.dropFirst("stateDirectory: ".count))
    }
}
