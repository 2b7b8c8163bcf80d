import DriverShiftTestSupport
import Foundation
import Testing

/// SIGKILL at every step boundary and in the middle of the export and of the import, then `resume`: the host
/// must end exactly as after an uninterrupted run. After each, `rollback` brings the old host back, and the
/// same plan runs again from the start.
@Suite(.serialized) struct KilledRunResumeTests {
    static let moments: [KilledRun.Moment] =
        [.duringExport, .duringImport]
        + [
            "preflight", "export", "verify-export", "stop-daemon", "set-aside", "write-config", "start-daemon",
            "import", "verify-import", "restore-tags", "verify-volumes", "containers",
        ].map { .after($0) }

    @Test func resumeAfterSIGKILLAtEveryMomentEqualsAnUninterruptedRun() async throws {
        try await MigrationSandbox.with { host in
            let before = try await host.state()
            let expected = before.migrated(dirtyContainer: "drivershift-test-dirty")
            try await host.plan()
            let plan = try String(contentsOfFile: host.planPath, encoding: .utf8)
            let journal = host.directory + MigrationEndToEndTests.runDirectory(plan) + "/journal.jsonl"
            let store = host.directory + Self.value(of: "exportDirectory", in: plan)

            for moment in Self.moments {
                let seen = try await KilledRun.run(planPath: host.planPath, journal: journal, at: moment)
                Self.expectKilledInTheMiddle(moment, seen, store: store)

                let resumed = try await DriverShiftBinary.run(["resume", "--plan", host.planPath])
                #expect(resumed.exitCode == 2, "\(moment.testDescription): \(resumed.standardError)")
                let after = try await host.state()
                #expect(after == expected, "\(moment.testDescription): resumed run differs:\n\(after)")

                let rollback = try await DriverShiftBinary.run(["rollback", "--plan", host.planPath, "--yes"])
                #expect(rollback.exitCode == 2, "\(moment.testDescription): \(rollback.standardError)")
                #expect(try await host.state() == before, "\(moment.testDescription): rollback differs")
            }
            DriverShiftBinary.recordEvidence("real-dockerd-migration-sigkill")
        }
    }

    /// A run killed while dockerd commits the dirty container leaves that commit to finish after the resumed
    /// run committed again: an untagged image of ours that no journal names. Rollback must take it away too.
    @Test func rollbackRemovesTheUntaggedImageOfAnInterruptedCommit() async throws {
        try await MigrationSandbox.with { host in
            let before = try await host.state()
            try await host.plan()
            let plan = try String(contentsOfFile: host.planPath, encoding: .utf8)
            let journal = host.directory + MigrationEndToEndTests.runDirectory(plan) + "/journal.jsonl"
            _ = try await KilledRun.run(planPath: host.planPath, journal: journal, at: .after("export"))

            // The interrupted commit, as the old daemon finishes it: untagged, from the container, our comment.
            let message = "drivershift: the writable layer of drivershift-test-dirty, kept across the migration"
            let orphan = try await host.sandbox.docker(["commit", "--message", message, "drivershift-test-dirty"])
                .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(orphan.hasPrefix("sha256:"))

            let rollback = try await DriverShiftBinary.run(["rollback", "--plan", host.planPath, "--yes"])
            #expect(rollback.exitCode == 2, "\(rollback.standardError)")
            #expect(try await host.state() == before, "the interrupted commit's image is still there")
        }
    }

    /// The kill must have landed where the test says: a step started and not yet verified.
    static func expectKilledInTheMiddle(_ moment: KilledRun.Moment, _ journal: String, store: String) {
        let events = KilledRun.events(journal)
        switch moment {
        case .duringExport:
            let blobs = (try? FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256")) ?? []
            #expect(events.contains { $0 == ("step-started", "export") } && !blobs.isEmpty, "no layer was written")
            #expect(!events.contains { $0 == ("step-verified", "export") }, "the export had already finished")
        case .duringImport:
            #expect(events.contains { $0 == ("step-started", "import") }, "the import had not started")
            #expect(!events.contains { $0 == ("step-verified", "import") }, "the import had already finished")
        case .after(let step):
            #expect(events.contains { $0 == ("step-verified", step) })
        }
    }

    static func value(of key: String, in plan: String) -> String {
        let line = plan.split(separator: "\n").first { $0.hasPrefix(key + ": ") } ?? ""
        return String(line.dropFirst(key.count + 2))
    }
}
