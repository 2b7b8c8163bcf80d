import Foundation
import Migration
import Preflight
import Testing

@testable import Wizard

/// The screens made from a real plan (written by `drivershift plan` for a vfs sandbox, paths made neutral):
/// the plan with its steps, commands and diffs, the preflight with and without a blocker, and the confirmation.
struct PlanScreensTests {
    static func fixture() throws -> MigrationPlan {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        return try PlanFile.read(directory + "/Fixtures/plan.yaml")
    }

    @Test func thePlanShowsWhatIsCarriedEveryStepCommandAndDiff() throws {
        let lines = PlanScreen.lines(try Self.fixture())
        #expect(
            lines.prefix(5).map(\.text) == [
                "vfs -> overlay2 on web-7",
                "Estimated time 0:39, of which dockerd is down about 0:37 (containers stop).",
                "Carried: 12 images (82.9 MB of layers), 2 of 2 containers, 1 volume (left in place).",
                "Export store: /var/lib/drivershift/export-7a51eb810548",
                "Not carried: nothing; everything comes along.",
            ])
        let text = lines.map(\.text)
        let stop = try #require(text.firstIndex(of: "  4. stop-daemon (dockerd down)"))
        #expect(text[stop + 1] == "     Stop dockerd.")
        #expect(text[stop + 2] == "       $ /usr/local/bin/drivershift-sandbox stop --dir /srv/host")
        let removed = try #require(lines.first { $0.text == "    -{\"storage-driver\": \"vfs\"}" })
        let added = try #require(lines.first { $0.text == "    +{\"storage-driver\": \"overlay2\"}" })
        #expect(removed.spans.map(\.style) == [.removed] && added.spans.map(\.style) == [.added])
        #expect(text.contains("  /etc/docker/daemon.json: storage-driver vfs -> overlay2"))
        let steps = text.filter { $0.range(of: #"^ {1,2}\d{1,2}\. [a-z-]+"#, options: .regularExpression) != nil }
        #expect(steps.count == 13, "every step of the playbook: \(steps)")
    }

    @Test func thePreflightWithoutAndWithABlocker() throws {
        var plan = try Self.fixture()
        let clear = PreflightScreen.make(plan)
        #expect(clear.body.first?.text == "Nothing blocks the migration (12 checks, 1 warning).")
        #expect(clear.body[2].text.hasPrefix("  [warn]  containers with data in their writable layer: "))
        guard case .choice(_, let choices, _) = clear.question else {
            Issue.record("the preflight asks nothing")
            return
        }
        #expect(choices.map(\.id) == ["next"])

        plan.preflight.append(
            PreflightCheck(
                id: "overlay.kernel", title: "overlay mounts on this kernel", status: .blocker,
                finding: "the test mount failed: unknown filesystem type 'overlay'",
                remedy: "load the module: modprobe overlay"))
        let blocked = PreflightScreen.make(plan)
        #expect(
            blocked.body.prefix(4).map(\.text) == [
                "1 blocker stops the migration: nothing can run until fixed.",
                "",
                "BLOCKER   overlay mounts on this kernel: the test mount failed: unknown filesystem type 'overlay'",
                "          what to do: load the module: modprobe overlay",
            ])
        guard case .choice(let prompt, let options, _) = blocked.question else {
            Issue.record("the preflight asks nothing")
            return
        }
        #expect(prompt == "The migration cannot go ahead.")
        #expect(options.map(\.id) == ["back", "save", "quit"], "no way on to the run")
    }

    @Test func theConfirmationAsksForTheWordYes() throws {
        let plan = try Self.fixture()
        let screen = ConfirmScreen.make(plan, stateDirectory: "/srv/host/var/lib/drivershift/runs/7a51eb810548")
        #expect(screen.body.first?.text == "Ready to migrate web-7 from vfs to overlay2.")
        #expect(screen.body.contains { $0.text.contains("dockerd will be stopped for about 0:37") })
        #expect(
            screen.question
                == .text(prompt: "Type yes to start the migration (b goes back).", label: "answer", initial: ""))
    }

    @Test func whereDockerdStandsAfterAnInterruption() throws {
        let plan = try Self.fixture()
        #expect(
            UnfinishedRunScreen.daemonState(plan, verified: ["preflight", "export"])
                == "still on vfs; nothing of the old driver has moved")
        #expect(UnfinishedRunScreen.daemonState(plan, verified: ["stop-daemon"]) == "stopped (it was vfs)")
        #expect(
            UnfinishedRunScreen.daemonState(plan, verified: ["stop-daemon", "start-daemon"]) == "running with overlay2")
    }
}
