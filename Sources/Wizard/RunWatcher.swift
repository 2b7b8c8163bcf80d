import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Listens while the engine works: Ctrl-C (a key in raw mode) or SIGINT/SIGTERM/SIGHUP asks the run to stop
/// at the next safe point; a second one stops at once (the journal is fsync'd after every entry, so `resume`
/// picks up from there too). A resize redraws. Runs on a thread of its own, never on the engine's.
final class RunWatcher: Sendable {
    private let display: WizardDisplay
    private let observer: WizardObserver
    /// What the person is told when the second Ctrl-C ends the process.
    private let farewell: String
    private let running = Atomic<Bool>(true)
    private let interrupts = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)

    init(display: WizardDisplay, observer: WizardObserver, farewell: String) {
        self.display = display
        self.observer = observer
        self.farewell = farewell
    }

    func start() {
        let thread = Thread { [self] in
            var ticks = 0
            while running.load(ordering: .relaxed) {
                for key in display.terminal.readKeys(timeout: 100) where key == .interrupt {
                    interrupted()
                }
                for _ in 0..<display.takeInterrupts() { interrupted() }
                if display.signals.takeResize() { observer.redraw(force: true, clear: true) }
                // The running step's seconds move on even when a step says nothing for a while.
                ticks += 1
                if ticks % 10 == 0 { observer.redraw(force: false) }
            }
            finished.signal()
        }
        thread.name = "drivershift wizard keys"
        thread.start()
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        finished.wait()
    }

    private func interrupted() {
        let count = interrupts.add(1, ordering: .relaxed).newValue
        if count == 1 {
            observer.requestStop()
            return
        }
        display.finish([
            ScreenLine("drivershift wizard: stopped at once (second Ctrl-C).", .bold), ScreenLine(farewell),
        ])
        display.terminal.restore()
        exit(130)
    }
}
