/// Where one `Key=value` entry of a unit file lies in its text, read with `SystemdUnitFile`'s rules
/// (continuation lines, comments inside them), so that an editor can rewrite that entry alone.
struct SystemdEntrySpan: Sendable, Equatable {
    var section: String
    var key: String
    /// 1-based line where the entry starts.
    var line: Int
    /// From the start of the entry's first line to the end of its last line (before the newline), in scalars.
    var regionStart: Int
    var regionEnd: Int
    /// The value as systemd joins it (a continuation backslash becomes a space), blanks trimmed.
    var value: [Unicode.Scalar]
    /// The offset in the text of each scalar of `value`.
    var sources: [Int]

    static func entries(in text: [Unicode.Scalar]) -> [SystemdEntrySpan] {
        var entries: [SystemdEntrySpan] = []
        var section = ""
        var pending: (scalars: [Unicode.Scalar], sources: [Int], line: Int, start: Int)?

        func take(_ scalars: [Unicode.Scalar], _ sources: [Int], line: Int, start: Int, end: Int) {
            let (logical, offsets) = trimmed(scalars, sources)
            if logical.first == "[" && logical.last == "]" {
                section = String(String.UnicodeScalarView(logical.dropFirst().dropLast())).trimmingBlanks()
                return
            }
            guard let equals = logical.firstIndex(of: "=") else { return }
            let key = String(String.UnicodeScalarView(logical[..<equals])).trimmingBlanks()
            let (value, valueSources) = trimmed(Array(logical[(equals + 1)...]), Array(offsets[(equals + 1)...]))
            entries.append(
                SystemdEntrySpan(
                    section: section, key: key, line: line, regionStart: start, regionEnd: end, value: value,
                    sources: valueSources))
        }

        var lineStart = 0
        var lineNumber = 1
        while lineStart <= text.count {
            var lineEnd = lineStart
            while lineEnd < text.count && text[lineEnd] != "\n" { lineEnd += 1 }
            let (stripped, offsets) = trimmed(Array(text[lineStart..<lineEnd]), Array(lineStart..<lineEnd))
            let isComment = stripped.first == "#" || stripped.first == ";"
            if !(pending == nil && (stripped.isEmpty || isComment)) && !(pending != nil && isComment) {
                if stripped.last == "\\" {
                    var part = pending ?? ([], [], lineNumber, lineStart)
                    part.scalars += stripped.dropLast() + [" "]
                    part.sources += offsets
                    pending = part
                } else {
                    let part = pending ?? ([], [], lineNumber, lineStart)
                    take(
                        part.scalars + stripped, part.sources + offsets, line: part.line, start: part.start,
                        end: lineEnd)
                    pending = nil
                }
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        if let pending {
            take(pending.scalars, pending.sources, line: pending.line, start: pending.start, end: text.count)
        }
        return entries
    }

    /// Without leading and trailing blanks, as `trimmingBlanks`, keeping the offsets in step.
    private static func trimmed(_ scalars: [Unicode.Scalar], _ sources: [Int]) -> ([Unicode.Scalar], [Int]) {
        let blanks: Set<Unicode.Scalar> = [" ", "\t", "\r"]
        guard let first = scalars.firstIndex(where: { !blanks.contains($0) }),
            let last = scalars.lastIndex(where: { !blanks.contains($0) })
        else { return ([], []) }
        return (Array(scalars[first...last]), Array(sources[first...last]))
    }
}
