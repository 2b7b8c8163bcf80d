import Foundation
import Synchronization

/// The wizard's terminal I/O: draws screens (full-screen on a terminal, plain text when output is piped),
/// reads keys into answers, redraws on resize, and turns SIGINT/SIGTERM/SIGHUP into "quit" while a question
/// is open. Only this type and `TerminalSession` touch the terminal.
public final class WizardDisplay: Sendable {
    public let terminal: TerminalSession
    public let signals: SignalWatcher
    /// Full-screen drawing with cursor movement; false when output is not a terminal.
    public let fullScreen: Bool
    public let colour: Bool
    private let drawing = Mutex<Void>(())
    /// Signals already acted on: each SIGINT/SIGTERM/SIGHUP is acted on once, whoever is listening.
    private let handledInterrupts = Atomic<Int>(0)
    private let inputQueue = DispatchQueue(label: "drivershift.wizard.input")

    public init(terminal: TerminalSession, signals: SignalWatcher, environment: [String: String]) {
        self.terminal = terminal
        self.signals = signals
        fullScreen = terminal.outputIsTerminal
        colour = Self.wantsColour(outputIsTerminal: terminal.outputIsTerminal, environment: environment)
    }

    /// Colour only on a terminal, never with NO_COLOR set (to anything but the empty string), never on TERM=dumb.
    public static func wantsColour(outputIsTerminal: Bool, environment: [String: String]) -> Bool {
        guard outputIsTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The renderer for the window as it is now; one column is kept free so no line ever reaches the edge
    /// (some terminals wrap or scroll there).
    func renderer() -> ScreenRenderer {
        let size = terminal.size()
        return ScreenRenderer(columns: size.columns - 1, rows: size.rows, colour: colour)
    }

    /// Shows `screen` and waits for an answer; SIGINT, SIGTERM and SIGHUP answer "quit".
    public func ask(_ screen: WizardScreen, message: ScreenLine? = nil) async -> Answer {
        await withCheckedContinuation { continuation in
            inputQueue.async { continuation.resume(returning: self.askNow(screen, message: message)) }
        }
    }

    private func askNow(_ original: WizardScreen, message: ScreenLine?) -> Answer {
        // Long lines are wrapped for the window as it is; a resize wraps them again.
        var screen = fullScreen ? renderer().wrapped(original) : original
        var state = PromptState(for: screen, message: message)
        draw(screen, state, clear: true)
        while true {
            if takeInterrupts() > 0 { return .quit }
            if signals.takeResize() && fullScreen {
                screen = renderer().wrapped(original)
                state.scroll = min(state.scroll, max(0, screen.body.count - 1))
                draw(screen, state, clear: true)
            }
            for key in terminal.readKeys(timeout: 100) {
                let before = state
                let page = renderer().bodyHeight(screen, state)
                switch state.apply(key, to: screen, page: page, bodyLines: screen.body.count) {
                case .unchanged:
                    continue
                case .redraw:
                    if fullScreen { draw(screen, state, clear: false) } else { echo(before, state, screen) }
                case .answered(let answer):
                    if !fullScreen { terminal.write("\n") }
                    return answer
                }
            }
        }
    }

    /// Signals that arrived since the last call (SIGINT, SIGTERM, SIGHUP).
    public func takeInterrupts() -> Int {
        let total = signals.interruptCount
        let handled = handledInterrupts.exchange(total, ordering: .relaxed)
        return max(0, total - handled)
    }

    /// Draws a screen with no question (planning, the run); on piped output only when `plainToo`. `clear`
    /// after a resize, so nothing of the old layout stays behind.
    public func show(_ screen: WizardScreen, plainToo: Bool = true, clear: Bool = false) {
        if fullScreen {
            let wrapped = renderer().wrapped(screen)
            draw(wrapped, PromptState(for: wrapped), clear: clear)
        } else if plainToo {
            draw(screen, PromptState(for: screen), clear: false)
        }
    }

    /// Plain lines on piped output (the run's step lines); nothing on a terminal, which redraws instead.
    public func plainLine(_ line: ScreenLine) {
        guard !fullScreen else { return }
        terminal.write(ScreenRenderer(columns: 10_000, rows: 8, colour: false).plain([line]).joined() + "\n")
    }

    /// Leaves the full screen and prints `lines` where they stay: in the terminal's normal scrollback.
    public func finish(_ lines: [ScreenLine]) {
        drawing.withLock { _ in
            terminal.leaveAlternateScreen()
            let renderer = ScreenRenderer(columns: terminal.size().columns - 1, rows: 8, colour: colour)
            let text = renderer.plain(lines.flatMap { renderer.wrap($0, width: renderer.columns) })
            terminal.write(text.joined(separator: "\n") + "\n")
        }
    }

    private func draw(_ screen: WizardScreen, _ state: PromptState, clear: Bool) {
        drawing.withLock { _ in
            guard fullScreen else {
                terminal.write(renderer().renderPlain(screen, state).joined(separator: "\n") + "\n")
                if case .text(_, _, let initial) = screen.question, !initial.isEmpty { terminal.write(initial) }
                return
            }
            let frame = renderer().render(screen, state)
            // Home, then each line over the old one, cleared to its end: no flicker and nothing left behind.
            var output = "\u{1B}[?25l" + (clear ? "\u{1B}[H\u{1B}[2J" : "\u{1B}[H")
            output += frame.lines.map { $0 + "\u{1B}[K" }.joined(separator: "\r\n")
            output += "\u{1B}[J"
            if let cursor = frame.cursor { output += "\u{1B}[\(cursor.row + 1);\(cursor.column + 1)H\u{1B}[?25h" }
            terminal.write(output)
        }
    }

    /// Piped output cannot be redrawn: show only what changed (typed text, a new cursor, a message).
    private func echo(_ before: PromptState, _ after: PromptState, _ screen: WizardScreen) {
        var output = ""
        if after.typed.hasPrefix(before.typed) {
            output += after.typed.dropFirst(before.typed.count)
        } else if before.typed.hasPrefix(after.typed) {
            output += String(repeating: "\u{8} \u{8}", count: before.typed.count - after.typed.count)
        } else {
            output += "\n" + after.typed
        }
        if after.cursor != before.cursor, case .choice(_, let choices, _) = screen.question,
            choices.indices.contains(after.cursor)
        {
            output += "\n  > \(after.cursor + 1). \(choices[after.cursor].label)\n"
        }
        if let message = after.message, message != before.message { output += "\n" + message.text + "\n" }
        drawing.withLock { _ in terminal.write(output) }
    }
}
