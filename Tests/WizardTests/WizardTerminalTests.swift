import DriverShiftTestSupport
import Foundation
import HostSystem
import Migration
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary in a real terminal (tmux, 100x30 unless said), driven by keys and read by its screens, as a
/// person would: against vfs sandboxes with real dockerd 20.10 daemons.
@Suite(.serialized) struct WizardTerminalTests {
    @Test func aPersonMigratesASandboxAndTheSavedPlanReplaysOnAnIdenticalTwin() async throws {
        try await WizardSandbox.with(samples: true) { host in
            // The twin: the same bytes at the same path, copied with dockerd stopped, swapped in for the replay.
            let twin = host.directory + "-twin"
            let done = host.directory + "-done"
            try await host.sandbox.stop()
            try await CommandRunner().check(Command("cp", ["-a", host.directory, twin]))
            do {
                try await host.sandbox.startDaemon()
                let before = try await host.state()
                let expected = before.migrated(dirtyContainer: SampleImages.dirtyContainerName)
                let planPath = host.work + "/saved-plan.yaml"

                try await Self.withWizard(host) { tmux in
                    try await Self.answerEveryQuestion(tmux, savePlanTo: planPath)
                    let running = try await tmux.waitFor("Migrating: vfs -> overlay2")
                    #expect(running.contains("Ctrl-C: stop safely after the current step"), "\(running)")
                    let colours = try await tmux.screen(escapes: true)
                    #expect(colours.contains("\u{1B}["), "colour on a terminal without NO_COLOR")
                    let (status, text) = try await tmux.waitForExit()
                    #expect(status == 2, "exit 2 means changed:\n\(text)")
                    #expect(text.contains("now runs overlay2"), "\(text)")
                    #expect(text.contains("RECAP ok="), "\(text)")
                    #expect(text.contains("report.html"), "\(text)")
                    #expect(text.contains("Backups:") && text.contains("daemon.json.drivershift-"), "\(text)")
                    #expect(text.contains("Old data:") && text.contains("drivershift-set-aside"), "\(text)")
                    #expect(text.contains("drivershift rollback --plan \(planPath)"), "\(text)")
                }
                let after = try await host.state()
                #expect(after == expected, "the wizard's migration differs:\n\(after)")

                // The saved plan, run unattended on the twin, gives the same host.
                try await host.sandbox.stop()
                try FileManager.default.moveItem(atPath: host.directory, toPath: done)
                try FileManager.default.moveItem(atPath: twin, toPath: host.directory)
                try await host.sandbox.startDaemon()
                #expect(try await host.state() == before, "the twin is identical to the host before the wizard")
                let replay = try await DriverShiftBinary.run(["run", "--plan", planPath, "--yes"])
                #expect(replay.exitCode == 2, "\(replay.standardError)")
                #expect(try await host.state() == after, "the replayed plan gives the same result")
            } catch {
                await Self.removeCopy(twin)
                await Self.removeCopy(done)
                throw error
            }
            await Self.removeCopy(twin)
            await Self.removeCopy(done)
            DriverShiftBinary.recordEvidence("real-dockerd-wizard")
        }
    }

    @Test func quittingBeforeTheRunChangesNothing() async throws {
        try await WizardSandbox.with(samples: false) { host in
            let daemonJSON = try host.daemonJSON()
            let wizardPlan = host.work + "/wizard-plan.yaml"
            // The smallest terminal it promises, no colour, and a resize half-way.
            try await Self.withWizard(host, columns: 80, rows: 24, environment: ["NO_COLOR": "1"]) { tmux in
                try await tmux.waitFor("Step 1 of 8: this host")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 2 of 8")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 3 of 8")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 4 of 8")
                try await tmux.press("Enter")
                try await Self.waitForAClearPreflight(tmux)
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 6 of 8: the plan")
                try await tmux.press("b")
                try await Self.waitForAClearPreflight(tmux)
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 6 of 8: the plan")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 7 of 8: save the plan")
                try await tmux.type("2")
                try await tmux.waitFor("plan file:")
                try await tmux.type(wizardPlan)
                try await tmux.waitFor("The plan is saved in")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 8 of 8: run")

                try await tmux.resize(columns: 100, rows: 30)
                try await Task.sleep(for: .milliseconds(500))
                let resized = try await tmux.screen()
                let rows = resized.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(rows.filter { $0.contains("drivershift wizard |") }.count == 1, "\(resized)")
                #expect(rows.first?.hasPrefix("drivershift wizard | Step 8 of 8: run") == true, "\(resized)")
                #expect(resized.contains("Enter: accept"), "the answer line is still there:\n\(resized)")

                try await tmux.type("no")
                try await tmux.waitFor("Only the word yes starts the run")
                let plain = try await tmux.screen(escapes: true)
                #expect(!plain.contains("\u{1B}["), "NO_COLOR: no colour or attributes:\n\(plain)")
                try await tmux.type("q")
                let (status, text) = try await tmux.waitForExit()
                #expect(status == 0, "\(text)")
                #expect(text.contains("nothing on this host was changed"), "\(text)")
            }
            #expect(try host.daemonJSON() == daemonJSON)
            #expect(try await host.liveDriver() == "vfs")
            #expect(!FileManager.default.fileExists(atPath: host.stateDirectory), "no run, no journal, no export")

            // The wizard's plan is the plan `drivershift plan` writes for the same answers, but for its time.
            let planned = host.work + "/planned.yaml"
            let plan = try await DriverShiftBinary.run(
                ["plan", "--to", "overlay2"] + (try host.hostArguments()) + ["-o", planned])
            #expect(plan.exitCode == 0, "\(plan.standardError)")
            // (Free space and the time it was made are measured anew, so they are left out.)
            let ours = try PlanFile.read(wizardPlan)
            let theirs = try PlanFile.read(planned)
            #expect(ours.fingerprint == theirs.fingerprint)
            #expect(ours.host == theirs.host)
            #expect(ours.target == theirs.target && ours.playbook == theirs.playbook)
            #expect(ours.daemonControl == theirs.daemonControl && ours.daemonLogPath == theirs.daemonLogPath)
            #expect(ours.exportDirectory == theirs.exportDirectory && ours.stateDirectory == theirs.stateDirectory)
            #expect(ours.containerPolicy == theirs.containerPolicy && ours.onFailure == theirs.onFailure)
            #expect(ours.images == theirs.images && ours.containers == theirs.containers)
            #expect(ours.fileEdits == theirs.fileEdits)
            #expect(ours.steps == theirs.steps)
            #expect(ours.preflight.map(\.id) == theirs.preflight.map(\.id))
        }
    }

    @Test func blockersStopItWithTheirReasons() async throws {
        try await WizardSandbox.with(samples: false) { host in
            let daemonJSON = try host.daemonJSON()

            // direct-lvm, and no disk that could take the pool (a sandbox host root has no block devices).
            try await Self.withWizard(host) { tmux in
                try await tmux.waitFor("Step 1 of 8")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 2 of 8")
                try await tmux.press("Down", "Enter")
                let screen = try await tmux.waitFor("No disk can take the thin pool")
                #expect(screen.contains("no block devices were found"), "\(screen)")
                try await tmux.press("Enter")
                try await tmux.waitFor("Nothing here can be chosen")
                try await tmux.press("b")
                try await tmux.waitFor("Which storage driver should Docker use?")
                try await tmux.press("q")
                #expect(try await tmux.waitForExit().status == 0)
            }

            // An export directory on a tmpfs far too small for it.
            let tiny = host.directory + "/tiny"
            try FileManager.default.createDirectory(atPath: tiny, withIntermediateDirectories: true)
            try await CommandRunner().check(Command("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", tiny]))
            do {
                try await Self.withWizard(host) { tmux in
                    try await Self.answerUpToExport(tmux)
                    try await tmux.type("2")
                    try await tmux.waitFor("directory:")
                    try await tmux.type("/tiny")
                    let screen = try await tmux.waitFor("Refused: /tiny")
                    #expect(screen.contains("free and the export needs"), "\(screen)")
                    try await tmux.press("Escape")
                    try await tmux.waitFor("Where should the export go?")
                    try await tmux.press("q")
                    #expect(try await tmux.waitForExit().status == 0)
                }
            } catch {
                _ = try? await CommandRunner().run(Command("umount", [tiny]))
                throw error
            }
            try await CommandRunner().check(Command("umount", [tiny]))

            // A configuration dockerd would refuse to start with: the preflight blocks, with the reason.
            let units = host.directory + "/etc/systemd/system"
            try FileManager.default.createDirectory(atPath: units, withIntermediateDirectories: true)
            try "[Service]\nExecStart=/usr/bin/dockerd\nExecStart=/usr/bin/dockerd -H fd://\n"
                .write(toFile: units + "/docker.service", atomically: true, encoding: .utf8)
            let blockedPlan = host.work + "/blocked-plan.yaml"
            try await Self.withWizard(host) { tmux in
                try await Self.answerUpToExport(tmux)
                try await tmux.press("Enter")
                let screen = try await tmux.waitFor("Step 5 of 8: preflight checks", seconds: 120)
                #expect(screen.contains("BLOCKER"), "\(screen)")
                #expect(screen.contains("ExecStart"), "the reason is shown:\n\(screen)")
                #expect(screen.contains("The migration cannot go ahead."), "\(screen)")
                #expect(!screen.contains("Continue"), "\(screen)")
                try await tmux.type("2")
                try await tmux.waitFor("Step 7 of 8: save the plan")
                try await tmux.press("Down", "Enter")
                try await tmux.waitFor("plan file:")
                try await tmux.type(blockedPlan)
                try await tmux.waitFor("The plan is saved in \(blockedPlan)")
                try await tmux.press("Enter")
                try await tmux.waitFor("The migration cannot go ahead.")
                try await tmux.press("q")
                #expect(try await tmux.waitForExit().status == 0)
            }
            let run = try await DriverShiftBinary.run(["run", "--plan", blockedPlan, "--yes"])
            #expect(run.exitCode == 1, "a blocked plan does not run unattended either")
            #expect(run.standardError.contains("blocker"), "\(run.standardError)")

            #expect(try host.daemonJSON() == daemonJSON)
            #expect(try await host.liveDriver() == "vfs")
            #expect(host.journals().isEmpty, "nothing ran")
        }
    }

    @Test func ctrlCDuringTheExportStopsSafelyAndANewWizardResumes() async throws {
        try await WizardSandbox.with(samples: true) { host in
            try await host.addBulkyImage(megabytes: 300)
            let before = try await host.state()
            try await Self.withWizard(host) { tmux in
                try await Self.answerUpToExport(tmux)
                try await tmux.press("Enter")
                try await Self.waitForAClearPreflight(tmux)
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 6 of 8")
                try await tmux.press("Enter")
                try await tmux.waitFor("Step 7 of 8")
                try await tmux.type("3")
                try await tmux.waitFor("Step 8 of 8")
                try await tmux.type("yes")
                try await Self.waitForJournal(host) { events in events.contains { $0 == ("step-started", "export") } }
                try await tmux.press("C-c")
                let (status, text) = try await tmux.waitForExit()
                #expect(status == 130, "\(text)")
                // Stopped after export, and (below) before verify-export started: Ctrl-C came during the export.
                #expect(text.contains("stopped safely after export;"), "\(text)")
                #expect(text.contains("drivershift resume --plan"), "\(text)")
                #expect(text.contains("drivershift rollback --plan"), "\(text)")
            }
            let journal = try String(contentsOfFile: try #require(host.journals().first), encoding: .utf8)
            let events = JournalEvents.parse(journal)
            #expect(events.contains { $0 == ("step-verified", "export") }, "the step under way was finished")
            #expect(!events.contains { $0.1 == "verify-export" }, "and nothing after it was started")
            #expect(!events.contains { $0.0 == "run-finished" })
            #expect(try await host.liveDriver() == "vfs", "stopped before dockerd was touched")

            try await Self.withWizard(host) { tmux in
                let screen = try await tmux.waitFor("An unfinished migration")
                #expect(screen.contains("Done:    preflight, export (verified)"), "\(screen)")
                #expect(screen.contains("Next:    verify-export"), "\(screen)")
                try await tmux.press("Enter")
                try await tmux.waitFor("Resuming: vfs -> overlay2")
                let (status, text) = try await tmux.waitForExit()
                #expect(status == 2, "\(text)")
                #expect(text.contains("now runs overlay2"), "\(text)")
            }
            #expect(try await host.state() == before.migrated(dirtyContainer: SampleImages.dirtyContainerName))
        }
    }

    @Test func outputThroughAPipeIsPlainTextWithoutEscapes() async throws {
        try await WizardSandbox.with(samples: false) { host in
            let log = host.work + "/wizard.log"
            try await Self.withWizard(host, teeTo: log) { tmux in
                try await tmux.waitFor("== Step 1 of 8: this host ==")
                try await tmux.press("Enter")
                try await tmux.waitFor("== Step 2 of 8: where to move ==")
                try await tmux.press("Down")
                try await tmux.waitFor("  > 2. direct-lvm")
                try await tmux.press("q")
                let (status, text) = try await tmux.waitForExit()
                #expect(status == 0, "\(text)")
            }
            let text = try String(contentsOfFile: log, encoding: .utf8)
            #expect(!text.contains("\u{1B}"), "no colour, no cursor movement, no screen switching:\n\(text)")
            #expect(text.contains("Which storage driver should Docker use?\n  > 1. overlay2"), "\(text)")
            #expect(text.hasSuffix("drivershift wizard: quit before the run; nothing on this host was changed.\n"))
        }
    }

    @Test func theTerminalIsGivenBackAfterSIGTERMAndAfterACrash() async throws {
        try await WizardSandbox.with(samples: false) { host in
            for (signal, status) in [(SIGTERM, Int32(0)), (SIGABRT, Int32(128 + SIGABRT))] {
                // Swift's crash backtracer runs after the wizard's handler; it must not wait for keys here.
                try await Self.withWizard(host, environment: ["SWIFT_BACKTRACE": "interactive=no"]) { tmux in
                    try await tmux.waitFor("Step 1 of 8: this host")
                    let pid = try await tmux.wizardProcess()
                    #expect(kill(pid, signal) == 0)
                    let (exit, text) = try await tmux.waitForExit()
                    #expect(exit == status, "signal \(signal): \(text)")
                    // stty -a after it: line editing, echo and Ctrl-C are back.
                    #expect(text.contains(" icanon ") && !text.contains("-icanon"), "signal \(signal): \(text)")
                    #expect(text.contains(" echo ") && !text.contains("-echo "), "signal \(signal): \(text)")
                    #expect(text.contains(" isig ") && !text.contains("-isig"), "signal \(signal): \(text)")
                    if signal == SIGTERM { #expect(text.contains("nothing on this host was changed"), "\(text)") }
                }
            }
        }
    }

    @Test func withoutATerminalItRefusesAndPointsToPlanAndRun() async throws {
        let result = try await DriverShiftBinary.run(["wizard", "--host-root", "/nonexistent-host"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("needs a terminal on stdin"), "\(result.standardError)")
        #expect(result.standardError.contains("drivershift plan"), "\(result.standardError)")
        #expect(result.standardError.contains("drivershift run --plan"), "\(result.standardError)")
    }
}
