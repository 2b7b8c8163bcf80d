import Foundation
import Migration
import Testing

@testable import Wizard

/// The run's screen from the engine's events, at given times: step states, bytes, rate and time left, the
/// current layer, notes, and what Ctrl-C will do.
struct ProgressModelTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func stepsBytesRateAndTimeLeft() {
        var model = ProgressModel(title: "Migrating", steps: ["preflight", "export", "verify-export"])
        model.apply(.runStarted(steps: ["preflight", "export", "verify-export"], resumedAfter: []), at: Self.at(0))
        model.apply(.stepStarted("preflight"), at: Self.at(0))
        model.apply(.stepFinished("preflight", .ok), at: Self.at(0.5))
        model.apply(.stepStarted("export"), at: Self.at(1))
        model.apply(
            .stepProgress(step: "export", doneBytes: 0, totalBytes: 1_000_000, detail: "layer sha256:aaaa"),
            at: Self.at(1))
        model.apply(
            .stepProgress(step: "export", doneBytes: 500_000, totalBytes: 1_000_000, detail: nil), at: Self.at(3))
        model.apply(.note(step: "export", "committed drivershift-test-dirty"), at: Self.at(3))
        let screen = model.screen(at: Self.at(3))
        #expect(
            screen.body.map(\.text) == [
                "  ok       preflight       0.5 s",
                "  >> now   export          2 s",
                "  .        verify-export  ",
                "",
                "Now: export  50% [##########----------] 500 kB of 1.00 MB, 250 kB/s, 0:02 left",
                "     layer sha256:aaaa",
                "  committed drivershift-test-dirty",
            ])
        #expect(screen.footer == "Ctrl-C: stop safely after the current step (resume later).")
        #expect(screen.question == .none && !screen.canGoBack)

        model.stopRequested = true
        #expect(
            model.screen(at: Self.at(3)).footer
                == "Stopping after export (a safe point). Ctrl-C again stops at once.")
        model.apply(.stepFinished("export", .changed), at: Self.at(5))
        #expect(model.screen(at: Self.at(5)).body[1].text == "  changed  export          4.0 s")
    }

    @Test func aResumedRunShowsWhatWasVerifiedEarlierAndARollback() {
        var model = ProgressModel(title: "Resuming", steps: ["preflight", "export", "stop-daemon"])
        model.apply(
            .runStarted(steps: ["preflight", "export", "stop-daemon"], resumedAfter: ["preflight"]), at: Self.at(0))
        model.apply(.stepStarted("export"), at: Self.at(0))
        model.apply(.stepFinished("export", .failed(message: "disk full")), at: Self.at(1))
        model.apply(.rollbackStarted(reason: "export failed: disk full"), at: Self.at(1))
        model.apply(.stepRolledBack("export"), at: Self.at(2))
        let body = model.screen(at: Self.at(2)).body.map(\.text)
        #expect(body[0] == "  done     preflight       (verified by an earlier run)")
        #expect(body[1] == "  undone   export         ")
        #expect(body[2] == "  .        stop-daemon    ")
        #expect(body.contains("Rolling back: export failed: disk full"))
        #expect(body.contains("  export failed: disk full"))
    }

    @Test func noRateBeforeThereIsSomethingToMeasure() {
        var model = ProgressModel(title: "t", steps: ["import"])
        model.apply(.stepStarted("import"), at: Self.at(0))
        model.apply(.stepProgress(step: "import", doneBytes: 0, totalBytes: nil, detail: nil), at: Self.at(0))
        #expect(model.rate(at: Self.at(5)) == nil)
        model.apply(.stepProgress(step: "import", doneBytes: 2_000_000, totalBytes: nil, detail: nil), at: Self.at(2))
        #expect(model.rate(at: Self.at(2)) == 1_000_000)
        #expect(model.screen(at: Self.at(2)).body.contains { $0.text == "Now: import  2.00 MB, 1.00 MB/s" })
    }
}
