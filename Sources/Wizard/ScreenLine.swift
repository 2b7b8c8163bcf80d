/// One line of a screen: text in spans, each with a style. The renderer turns styles into colour on a terminal
/// that wants it and drops them otherwise, so every line must read well as plain text.
public struct ScreenLine: Sendable, Equatable, ExpressibleByStringInterpolation {
    public enum Style: Sendable, Equatable {
        case plain
        case bold
        case dim
        case good
        case warning
        case bad
        case accent
        case added
        case removed
        /// The choice under the cursor.
        case selected
    }

    public struct Span: Sendable, Equatable {
        public var text: String
        public var style: Style

        public init(_ text: String, _ style: Style = .plain) {
            self.text = text
            self.style = style
        }
    }

    public var spans: [Span]
    /// Where a wrapped line's continuations start; nil: two columns in from the line's own indentation.
    public var hangingIndent: Int?

    public init(_ text: String = "", _ style: Style = .plain) {
        spans = text.isEmpty ? [] : [Span(text, style)]
    }

    public init(spans: [Span]) {
        self.spans = spans.filter { !$0.text.isEmpty }
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self.init(String(stringInterpolation: stringInterpolation))
    }

    /// The line without styles.
    public var text: String { spans.map(\.text).joined() }

    public static func + (lhs: ScreenLine, rhs: ScreenLine) -> ScreenLine {
        var joined = ScreenLine(spans: lhs.spans + rhs.spans)
        joined.hangingIndent = lhs.hangingIndent ?? rhs.hangingIndent
        return joined
    }

    /// The same line, its continuations starting at `column` when it is wrapped.
    public func hanging(_ column: Int) -> ScreenLine {
        var line = self
        line.hangingIndent = column
        return line
    }

    /// Text lines as plain screen lines (a diff, a command list).
    static func lines(_ text: String, _ style: Style = .plain, indent: String = "") -> [ScreenLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { ScreenLine(indent + $0, style) }
    }
}
