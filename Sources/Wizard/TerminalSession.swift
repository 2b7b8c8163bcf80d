import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal the wizard talks to: raw keys from stdin (no echo, no line buffering, and no signals from
/// Ctrl-C: it arrives as a key, so the engine's child processes never see it), the window's size, and output.
/// `restore` puts back exactly the settings it found; it is safe to call more than once and from any thread.
public final class TerminalSession: Sendable {
    private struct State {
        var original: termios?
        /// Bytes of an escape sequence or UTF-8 character still incomplete at the last read.
        var pending: [UInt8] = []
        var alternateScreen = false
    }

    private let state = Mutex(State())
    public let input: Int32
    public let output: Int32

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    public var inputIsTerminal: Bool { isatty(input) == 1 }
    public var outputIsTerminal: Bool { isatty(output) == 1 }

    /// Raw keys: no echo, no canonical lines, no ISIG (Ctrl-C is a key), no flow control, no CR to NL
    /// translation. Output processing stays on so "\n" still starts a new line at column 0.
    public func enterRawMode() throws {
        var settings = termios()
        guard tcgetattr(input, &settings) == 0 else { throw WizardError.terminal(Self.errorText("tcgetattr")) }
        let original = settings
        settings.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &settings) == 0 else {
            throw WizardError.terminal(Self.errorText("tcsetattr"))
        }
        state.withLock { $0.original = original }
        FatalSignalGuard.arm(restoring: original)
    }

    /// The alternate screen keeps the person's scrollback clean; the final recap is printed after leaving it.
    public func enterAlternateScreen() {
        guard outputIsTerminal else { return }
        state.withLock { $0.alternateScreen = true }
        write("\u{1B}[?1049h\u{1B}[H\u{1B}[2J")
    }

    public func leaveAlternateScreen() {
        let wasOn = state.withLock { state in
            defer { state.alternateScreen = false }
            return state.alternateScreen
        }
        if wasOn { write("\u{1B}[?25h\u{1B}[?1049l") }
    }

    /// Everything back as it was: the screen, the cursor and the line settings.
    public func restore() {
        leaveAlternateScreen()
        let original = state.withLock { state in
            defer { state.original = nil }
            return state.original
        }
        guard var original else { return }
        _ = tcsetattr(input, TCSAFLUSH, &original)
        FatalSignalGuard.disarm()
    }

    /// Columns and rows of the window; 80x24 when it cannot be asked (not a terminal).
    public func size() -> (columns: Int, rows: Int) {
        for descriptor in [output, input] {
            var window = winsize()
            let result = withUnsafeMutablePointer(to: &window) { ioctl(descriptor, UInt(TIOCGWINSZ), $0) }
            if result == 0 && window.ws_col > 0 && window.ws_row > 0 {
                return (Int(window.ws_col), Int(window.ws_row))
            }
        }
        return (80, 24)
    }

    /// Writes all of `text`; a terminal that went away (EIO after a hangup) is not an error worth dying for.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(output, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return
            }
        }
        bytes.removeAll()
    }

    /// Keys pressed within `timeout` milliseconds (none when nothing came). A lone ESC is the Escape key only
    /// once no more bytes follow it quickly; arrows arrive as ESC [ A in one burst.
    public func readKeys(timeout: Int32) -> [Key] {
        guard waitForInput(timeout) else {
            return state.withLock { state in
                guard !state.pending.isEmpty else { return [] }
                defer { state.pending = [] }
                return KeyDecoder.decode(state.pending, final: true).keys
            }
        }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
        guard count > 0 else {
            // End of input (the terminal closed): as Ctrl-D.
            return count == 0 ? [.endOfInput] : []
        }
        return state.withLock { state in
            let (keys, rest) = KeyDecoder.decode(state.pending + buffer[0..<count])
            state.pending = rest
            return keys
        }
    }

    private func waitForInput(_ timeout: Int32) -> Bool {
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, timeout) > 0
    }

    private static func errorText(_ call: String) -> String {
        "\(call) on stdin failed: \(String(cString: strerror(errno)))"
    }
}
