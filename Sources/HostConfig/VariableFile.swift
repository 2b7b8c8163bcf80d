/// A shell-style variable file (`/etc/sysconfig/docker`, `/etc/default/docker`) read without a shell.
///
/// The same files are read by systemd's `EnvironmentFile=` and sourced by init scripts, so the rules
/// are the common ground: `KEY=value`, `"..."` with backslash escapes, literal `'...'`, backslash-newline
/// continuation, `#`/`;` comment lines, an optional `export`. A `#` after whitespace ends an unquoted
/// value, as in sh. Lines that are shell code (`if [ ... ]; then`) are skipped and noted.
struct VariableFile: Sendable, Equatable {
    struct Assignment: Sendable, Equatable {
        var name: String
        var value: String
        /// 1-based line where the assignment starts.
        var line: Int
    }

    struct Issue: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            /// Not an assignment: shell code or a typo; systemd ignores such lines too.
            case notAnAssignment
            /// A quote that runs to the end of the file and swallows what follows.
            case unterminatedQuote
        }

        var kind: Kind
        var line: Int
        var text: String
    }

    var assignments: [Assignment]
    var issues: [Issue]

    /// The assignment that counts for `name`: the last one, as when the file is sourced.
    func assignment(of name: String) -> Assignment? {
        assignments.last { $0.name == name }
    }

    /// Each variable once, at its last assignment, in the order of those assignments.
    var effectiveAssignments: [Assignment] {
        assignments.enumerated().filter { item in
            !assignments[(item.offset + 1)...].contains { $0.name == item.element.name }
        }.map(\.element)
    }

    /// Where an assignment lies in the text, in Unicode scalar offsets, so that an editor can rewrite
    /// only that assignment and keep every other byte of the file.
    struct Span: Sendable, Equatable {
        var name: String
        var line: Int
        /// The assignment's first scalar (its name, or `export`).
        var start: Int
        /// The value as written (from an opening quote, if any, to just past its closing quote), without
        /// unquoted trailing blanks or a comment.
        var valueStart: Int
        var valueEnd: Int
        /// Where in the text each scalar of `value` is written (two scalars for a backslash escape).
        var sources: [Range<Int>]
        var value: String
    }

    /// The assignments of `text` with their places, in file order.
    static func spans(_ text: String) -> [Span] {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        parser.run()
        return parser.spans
    }

    static func parse(_ text: String) -> VariableFile {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        parser.run()
        return VariableFile(assignments: parser.assignments, issues: parser.issues)
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var assignments: [Assignment] = []
        var spans: [Span] = []
        var issues: [Issue] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        private var atEnd: Bool { index >= scalars.count }
        private var current: Unicode.Scalar { scalars[index] }

        private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\r"
        }

        mutating func run() {
            while !atEnd {
                while !atEnd && Self.isBlank(current) { index += 1 }
                guard !atEnd else { break }
                if current == "\n" {
                    advanceLine()
                } else if current == "#" || current == ";" {
                    skipToEndOfLine()
                } else {
                    parseAssignment()
                }
            }
        }

        private mutating func advanceLine() {
            index += 1
            line += 1
        }

        private mutating func skipToEndOfLine() {
            while !atEnd && current != "\n" { index += 1 }
        }

        private mutating func parseAssignment() {
            let startLine = line
            let start = index
            while !atEnd && current != "=" && current != "\n" { index += 1 }
            let keyText = String(String.UnicodeScalarView(scalars[start..<index]))
            guard !atEnd, current == "=" else {
                issues.append(Issue(kind: .notAnAssignment, line: startLine, text: keyText))
                return
            }
            var name = keyText.trimmingBlanks()
            if name.hasPrefix("export ") || name.hasPrefix("export\t") {
                name = String(name.dropFirst("export".count)).trimmingBlanks()
            }
            guard name.isVariableName else {
                skipToEndOfLine()
                let lineText = String(String.UnicodeScalarView(scalars[start..<index]))
                issues.append(Issue(kind: .notAnAssignment, line: startLine, text: lineText))
                return
            }
            index += 1
            while !atEnd && Self.isBlank(current) { index += 1 }
            let valueStart = index
            let parsed = parseValue(startLine: startLine)
            assignments.append(Assignment(name: name, value: parsed.value, line: startLine))
            spans.append(
                Span(
                    name: name, line: startLine, start: start, valueStart: valueStart, valueEnd: parsed.end,
                    sources: parsed.sources, value: parsed.value))
        }

        private mutating func parseValue(startLine: Int) -> (value: String, sources: [Range<Int>], end: Int) {
            var value = String.UnicodeScalarView()
            var sources: [Range<Int>] = []
            // Unquoted trailing blanks are not part of the value; quoted ones are.
            var trailingBlanks = 0
            // Just past the last scalar that belongs to the value as written (closing quotes included).
            var end = index
            func take(_ scalar: Unicode.Scalar, from offset: Int, escaped: Bool = false) {
                value.append(scalar)
                sources.append(escaped ? (offset - 1)..<(offset + 1) : offset..<(offset + 1))
            }
            while !atEnd && current != "\n" {
                let scalar = current
                switch scalar {
                case "'":
                    index += 1
                    while !atEnd && current != "'" {
                        if current == "\n" { line += 1 }
                        take(current, from: index)
                        index += 1
                    }
                    if atEnd { return (unterminated(value, startLine: startLine), sources, index) }
                    index += 1
                    trailingBlanks = 0
                    end = index
                case "\"":
                    index += 1
                    while !atEnd && current != "\"" {
                        if current == "\\", index + 1 < scalars.count,
                            "\"\\$`\n".unicodeScalars.contains(scalars[index + 1])
                        {
                            if scalars[index + 1] == "\n" {
                                line += 1
                            } else {
                                take(scalars[index + 1], from: index + 1, escaped: true)
                            }
                            index += 2
                            continue
                        }
                        if current == "\n" { line += 1 }
                        take(current, from: index)
                        index += 1
                    }
                    if atEnd { return (unterminated(value, startLine: startLine), sources, index) }
                    index += 1
                    trailingBlanks = 0
                    end = index
                case "\\":
                    if index + 1 < scalars.count {
                        if scalars[index + 1] == "\n" {
                            line += 1
                        } else {
                            take(scalars[index + 1], from: index + 1, escaped: true)
                            trailingBlanks = 0
                            end = index + 2
                        }
                        index += 2
                    } else {
                        index += 1
                    }
                default:
                    if Self.isBlank(scalar) {
                        if index + 1 < scalars.count && scalars[index + 1] == "#" {
                            skipToEndOfLine()
                            continue
                        }
                        trailingBlanks += 1
                    } else {
                        trailingBlanks = 0
                        end = index + 1
                    }
                    take(scalar, from: index)
                    index += 1
                }
            }
            return (String(value.dropLast(trailingBlanks)), Array(sources.dropLast(trailingBlanks)), end)
        }

        private mutating func unterminated(_ value: String.UnicodeScalarView, startLine: Int) -> String {
            issues.append(Issue(kind: .unterminatedQuote, line: startLine, text: String(value)))
            return String(value)
        }
    }
}
