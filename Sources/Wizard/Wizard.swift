import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `drivershift wizard`: a migration one screen at a time, over the same engine as `plan` and `run`.
///
/// Exit codes follow the engine's contract: 0 nothing changed (quit before the run, or nothing to do), 2 the
/// host changed (migrated, resumed to the end, or rolled back on request), 1 failed or refused, 130 stopped by
/// Ctrl-C at a safe point (the journal lets `resume` continue).
public struct Wizard: Sendable {
    public let configuration: WizardConfiguration

    public init(configuration: WizardConfiguration) {
        self.configuration = configuration
    }

    public func run() async -> Int32 {
        let terminal = TerminalSession()
        guard terminal.inputIsTerminal else {
            FileHandle.standardError.write(Data("drivershift: error: \(WizardError.notATerminalMessage)\n".utf8))
            return 1
        }
        let signals = SignalWatcher()
        signals.start()
        defer { signals.stop() }
        do {
            try terminal.enterRawMode()
        } catch {
            FileHandle.standardError.write(Data("drivershift: error: \(error)\n".utf8))
            return 1
        }
        // Whatever happens below, the terminal gets its settings back.
        defer { terminal.restore() }
        terminal.enterAlternateScreen()
        let display = WizardDisplay(terminal: terminal, signals: signals, environment: configuration.environment)
        let outcome = await WizardFlow(configuration: configuration, display: display).run()
        display.finish(outcome.lines)
        return outcome.exitCode
    }
}

/// How a wizard session ended: its exit code and the lines left in the terminal's scrollback.
struct WizardOutcome {
    var exitCode: Int32
    var lines: [ScreenLine]
}
