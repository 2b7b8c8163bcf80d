/// A key the person pressed, decoded from the terminal's bytes.
public enum Key: Sendable, Equatable {
    case up
    case down
    case left
    case right
    case pageUp
    case pageDown
    case home
    case end
    case enter
    case backspace
    case escape
    /// Ctrl-C: the terminal is in raw mode, so it arrives as a byte, not as SIGINT.
    case interrupt
    /// Ctrl-D.
    case endOfInput
    /// Ctrl-U: clear the typed line.
    case clearLine
    case character(Character)
    /// A sequence this wizard has no use for (function keys, mouse).
    case ignored
}
