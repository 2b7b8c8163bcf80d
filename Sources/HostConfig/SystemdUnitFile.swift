/// A systemd unit file or drop-in, read as systemd reads it: `[Section]` headers, `Key=Value` entries,
/// `#`/`;` comments, and lines ending in a backslash joined to the next one (the backslash becomes a space;
/// comment lines inside such a continuation are skipped).
struct SystemdUnitFile: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var section: String
        var key: String
        var value: String
        /// 1-based line where the entry starts.
        var line: Int
    }

    var entries: [Entry]

    func entries(section: String, key: String) -> [Entry] {
        entries.filter { $0.section == section && $0.key == key }
    }

    static func parse(_ text: String) -> SystemdUnitFile {
        var entries: [Entry] = []
        var section = ""
        var pending: (text: String, line: Int)?

        func take(_ logical: String, line: Int) {
            if logical.hasPrefix("[") && logical.hasSuffix("]") {
                section = String(logical.dropFirst().dropLast()).trimmingBlanks()
                return
            }
            // A line without '=' is ignored by systemd (with a warning in the journal); so here.
            guard let equals = logical.firstIndex(of: "=") else { return }
            let key = String(logical[..<equals]).trimmingBlanks()
            let value = String(logical[logical.index(after: equals)...]).trimmingBlanks()
            entries.append(Entry(section: section, key: key, value: value, line: line))
        }

        // Split on scalars, not Characters: "\r\n" is one Character and would hide the newline.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            let stripped = String(String.UnicodeScalarView(rawLine)).trimmingBlanks()
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if pending == nil && (stripped.isEmpty || isComment) { continue }
            if pending != nil && isComment { continue }
            if stripped.hasSuffix("\\") {
                let part = String(stripped.dropLast()) + " "
                pending = ((pending?.text ?? "") + part, pending?.line ?? lineNumber)
                continue
            }
            let logical = (pending?.text ?? "") + stripped
            let startLine = pending?.line ?? lineNumber
            pending = nil
            take(logical.trimmingBlanks(), line: startLine)
        }
        if let pending { take(pending.text.trimmingBlanks(), line: pending.line) }
        return SystemdUnitFile(entries: entries)
    }
}
