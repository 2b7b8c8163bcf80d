/// Lays a screen out on a terminal of a given size: title, rule, the body's visible part, the question, a
/// message and the answer line, each line cut to the width so nothing ever wraps. Pure: the same screen, state
/// and size give the same lines, which is what the tests compare.
public struct ScreenRenderer: Sendable {
    public var columns: Int
    public var rows: Int
    /// ANSI colour and attributes; off when not on a terminal or with NO_COLOR.
    public var colour: Bool

    public init(columns: Int, rows: Int, colour: Bool) {
        self.columns = max(20, columns)
        self.rows = max(8, rows)
        self.colour = colour
    }

    /// The drawn screen: exactly `rows` lines, and where the text cursor goes (a text question), 0-based.
    public struct Frame: Sendable, Equatable {
        public var lines: [String]
        public var cursor: (row: Int, column: Int)?

        public static func == (lhs: Frame, rhs: Frame) -> Bool {
            lhs.lines == rhs.lines && lhs.cursor?.row == rhs.cursor?.row && lhs.cursor?.column == rhs.cursor?.column
        }
    }

    public func render(_ screen: WizardScreen, _ state: PromptState) -> Frame {
        let question = questionLines(screen, state)
        var bottom = question.lines
        if let message = state.message { bottom.append(message) }
        let page = bodyHeight(screen, state)
        var lines: [ScreenLine] = [
            ScreenLine("drivershift wizard | ", .dim) + ScreenLine(screen.title, .bold),
            ScreenLine(String(repeating: "-", count: columns), .dim),
        ]
        lines += visibleBody(screen.body, scroll: state.scroll, page: page)
        lines.append(ScreenLine())
        let questionTop = lines.count
        lines += bottom
        // The answer line sits on the last row, whatever the body's length.
        while lines.count < rows - 1 { lines.append(ScreenLine()) }
        lines = Array(lines.prefix(rows - 1))
        lines.append(ScreenLine(screen.hints, .dim))
        let cursor = question.cursor.map {
            (row: min(rows - 2, questionTop + $0.row), column: min(columns - 1, $0.column))
        }
        return Frame(lines: lines.map(draw), cursor: cursor)
    }

    /// How many body lines fit: what is left after title, rule, the blank line, the question, message and hints.
    public func bodyHeight(_ screen: WizardScreen, _ state: PromptState) -> Int {
        let question = questionLines(screen, state).lines.count + (state.message == nil ? 0 : 1)
        return max(0, rows - 4 - question)
    }

    /// The whole screen as plain text, for output that is not a terminal: nothing is cut, nothing redrawn.
    public func renderPlain(_ screen: WizardScreen, _ state: PromptState) -> [String] {
        var lines: [ScreenLine] = ["", ScreenLine("== " + screen.title + " ==", .bold)]
        lines += screen.body
        lines.append(ScreenLine())
        lines += questionLines(screen, state).lines
        if let message = state.message { lines.append(message) }
        if !screen.hints.isEmpty { lines.append(ScreenLine("(" + screen.hints + ")", .dim)) }
        return lines.map { styled($0.spans) }
    }

    private func visibleBody(_ body: [ScreenLine], scroll: Int, page: Int) -> [ScreenLine] {
        guard page > 0 else { return [] }
        guard body.count > page else { return body }
        // One row says where we are and how to see the rest.
        let shown = page - 1
        guard shown > 0 else { return [ScreenLine("-- \(body.count) lines hidden: window too small --", .dim)] }
        let start = min(max(0, scroll), max(0, body.count - shown))
        let end = min(body.count, start + shown)
        var lines = Array(body[start..<end])
        let more = end < body.count ? "PgDn/Space: more" : "PgUp: back up"
        lines.append(ScreenLine("-- lines \(start + 1)-\(end) of \(body.count); \(more) --", .dim))
        return lines
    }

    private func questionLines(_ screen: WizardScreen, _ state: PromptState) -> (
        lines: [ScreenLine], cursor: (row: Int, column: Int)?
    ) {
        switch screen.question {
        case .none:
            return ([], nil)
        case .choice(let prompt, let choices, _):
            var lines = [ScreenLine(prompt, .bold)]
            let width = min(28, choices.map(\.label.count).max() ?? 0)
            let numberWidth = String(choices.count).count
            for (index, choice) in choices.enumerated() {
                let number = String(index + 1).leftPadded(to: numberWidth)
                let label = choice.label.padding(to: width)
                var detail = choice.detail
                if let reason = choice.unavailable {
                    detail += (detail.isEmpty ? "" : " ") + "(cannot be chosen: \(reason))"
                }
                if index == state.cursor {
                    lines.append(ScreenLine("  > \(number). \(label)", .selected) + ScreenLine("  " + detail))
                } else if choice.unavailable != nil {
                    lines.append(ScreenLine("    \(number). \(label)  \(detail)", .dim))
                } else {
                    lines.append(ScreenLine("    \(number). \(label)") + ScreenLine("  " + detail))
                }
            }
            if !state.typed.isEmpty { lines.append(ScreenLine("  typed: \(state.typed)", .dim)) }
            return (lines, nil)
        case .text(let prompt, let label, _):
            let field = "  \(label): "
            let text = fit(state.typed, width: columns - field.count - 1)
            return (
                [ScreenLine(prompt, .bold), ScreenLine(field) + ScreenLine(text, .accent)],
                (row: 1, column: field.count + text.count)
            )
        }
    }

    /// The end of a long typed text, so the cursor end stays visible.
    private func fit(_ text: String, width: Int) -> String {
        guard text.count > width, width > 3 else { return text }
        return "..." + text.suffix(width - 3)
    }

    private func draw(_ line: ScreenLine) -> String {
        styled(cut(line.spans, to: columns))
    }

    /// Keeps at most `width` characters; a cut line ends in "..." so nothing looks complete that is not.
    private func cut(_ spans: [ScreenLine.Span], to width: Int) -> [ScreenLine.Span] {
        let total = spans.reduce(0) { $0 + $1.text.count }
        guard total > width else { return spans }
        var budget = width - 3
        var kept: [ScreenLine.Span] = []
        for span in spans where budget > 0 {
            let part = String(span.text.prefix(budget))
            budget -= part.count
            kept.append(ScreenLine.Span(part, span.style))
        }
        kept.append(ScreenLine.Span("...", .dim))
        return kept
    }

    /// The screen with body lines longer than the width wrapped at spaces, continuations indented two more
    /// than the line itself, so findings and reasons are read whole rather than cut. Paging counts these lines.
    public func wrapped(_ screen: WizardScreen) -> WizardScreen {
        var copy = screen
        copy.body = screen.body.flatMap { wrap($0, width: columns) }
        return copy
    }

    func wrap(_ line: ScreenLine, width: Int) -> [ScreenLine] {
        guard line.text.count > width else { return [line] }
        let indent =
            line.hangingIndent.map { String(repeating: " ", count: $0) }
            ?? String(line.text.prefix { $0 == " " }) + "  "
        guard indent.count < width / 2 else { return [line] }
        // Words keep their style and the spaces after them; a word longer than a line is cut by `draw`.
        var words: [ScreenLine.Span] = []
        for span in line.spans {
            var word = ""
            for character in span.text {
                word.append(character)
                if character == " " {
                    words.append(ScreenLine.Span(word, span.style))
                    word = ""
                }
            }
            if !word.isEmpty { words.append(ScreenLine.Span(word, span.style)) }
        }
        var lines: [ScreenLine] = []
        var current: [ScreenLine.Span] = []
        var length = 0
        for word in words {
            let visible = word.text.trimmingTrailingSpaces.count
            if length + visible > width && length > indent.count {
                lines.append(ScreenLine(spans: trimmedEnd(current)))
                current = [ScreenLine.Span(indent)]
                length = indent.count
                if word.text.allSatisfy({ $0 == " " }) { continue }
            }
            current.append(word)
            length += word.text.count
        }
        if !current.isEmpty { lines.append(ScreenLine(spans: trimmedEnd(current))) }
        return lines
    }

    private func trimmedEnd(_ spans: [ScreenLine.Span]) -> [ScreenLine.Span] {
        var spans = spans
        while let last = spans.last, last.text.hasSuffix(" ") {
            let trimmed = last.text.trimmingTrailingSpaces
            if trimmed.isEmpty {
                spans.removeLast()
            } else {
                spans[spans.count - 1].text = trimmed
                break
            }
        }
        return spans
    }

    /// Whole lines, uncut, styled or not: for text that stays in the scrollback.
    func plain(_ lines: [ScreenLine]) -> [String] { lines.map { styled($0.spans) } }

    private func styled(_ spans: [ScreenLine.Span]) -> String {
        guard colour else { return spans.map(\.text).joined() }
        return spans.map { span in
            let code = Self.code(span.style)
            return code.isEmpty ? span.text : "\u{1B}[\(code)m\(span.text)\u{1B}[0m"
        }.joined()
    }

    static func code(_ style: ScreenLine.Style) -> String {
        switch style {
        case .plain: return ""
        case .bold: return "1"
        case .dim: return "2"
        case .good, .added: return "32"
        case .warning: return "33"
        case .bad: return "1;31"
        case .removed: return "31"
        case .accent: return "36"
        case .selected: return "7"
        }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
