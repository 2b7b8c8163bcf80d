import Foundation
import Migration
import Synchronization

/// Watches a run for the wizard: feeds the progress model, redraws at most five times a second (and on
/// resize), and answers the engine's "stop before the next step?" with the person's Ctrl-C.
public final class WizardObserver: MigrationObserver, Sendable {
    private let model: Mutex<ProgressModel>
    private let display: WizardDisplay
    private let stop = Atomic<Bool>(false)
    private let lastDraw = Mutex<Date>(.distantPast)
    private let lastPlainProgress = Mutex<Date>(.distantPast)

    public init(model: ProgressModel, display: WizardDisplay) {
        self.model = Mutex(model)
        self.display = display
    }

    public var stopRequested: Bool { stop.load(ordering: .relaxed) }

    /// The first Ctrl-C: finish the current step, then stop.
    public func requestStop() {
        stop.store(true, ordering: .relaxed)
        model.withLock { $0.stopRequested = true }
        redraw(force: true)
    }

    public var snapshot: ProgressModel { model.withLock { $0 } }

    public func handle(_ event: MigrationEvent) {
        let now = Date()
        model.withLock { $0.apply(event, at: now) }
        if display.fullScreen {
            var force = true
            if case .stepProgress = event { force = false }
            redraw(force: force)
        } else {
            plain(event, now: now)
        }
    }

    /// Draws the run's screen; progress events only every 0.2 s, a slow terminal must not slow the copy.
    public func redraw(force: Bool, clear: Bool = false) {
        guard display.fullScreen else { return }
        let now = Date()
        let due = lastDraw.withLock { last in
            guard force || now.timeIntervalSince(last) >= 0.2 else { return false }
            last = now
            return true
        }
        guard due else { return }
        display.show(model.withLock { $0.screen(at: now) }, clear: clear)
    }

    /// Output that is not a terminal gets lines, like `drivershift run` writes them.
    private func plain(_ event: MigrationEvent, now: Date) {
        switch event {
        case .stepStarted(let step):
            display.plainLine(ScreenLine("==> \(step)"))
        case .stepFinished(let step, let outcome):
            display.plainLine(ScreenLine("    \(step): \(outcome)"))
        case .stepProgress(_, let done, let total, _):
            let due = lastPlainProgress.withLock { last in
                guard now.timeIntervalSince(last) >= 2 || done == total else { return false }
                last = now
                return true
            }
            if due { display.plainLine(ScreenLine("    \(done) of \(total.map(String.init) ?? "?") bytes")) }
        case .note(_, let text):
            display.plainLine(ScreenLine("    \(text)"))
        case .rollbackStarted(let reason):
            display.plainLine(ScreenLine("!!! \(reason): rolling back"))
        case .stepRolledBack(let step):
            display.plainLine(ScreenLine("    rolled back \(step)"))
        case .runStarted, .commandRunning, .runFinished:
            break
        }
    }
}
