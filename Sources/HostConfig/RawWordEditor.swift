/// Removes and renames words inside one entry of a text file (an `ExecStart=` with its continuation lines,
/// a variable assignment) and keeps every other scalar of the file as it is.
///
/// A removed word takes the blanks that follow it (or, at the end of a line, the blanks before it) along, so
/// the rest keeps its spacing; a continuation line left with nothing on it goes as a whole, and when that was
/// the entry's last line, the line before it loses its trailing backslash.
struct RawWordEditor {
    /// A word's place in the text: its first scalar (a quote, if any) and just past its last.
    struct Word: Sendable, Equatable {
        var start: Int
        var end: Int
    }

    let text: [Unicode.Scalar]
    /// The entry: from the start of its first line to the end of its last line (before the newline).
    let regionStart: Int
    let regionEnd: Int
    /// Every word of the entry, in order.
    let words: [Word]

    func apply(removing removed: Set<Int>, replacing replacements: [(range: Range<Int>, text: String)])
        -> [Unicode.Scalar]
    {
        var deleted = [Bool](repeating: false, count: text.count)
        func delete(_ range: Range<Int>) { for offset in range { deleted[offset] = true } }

        for run in runs(of: removed) {
            let start = words[run.lowerBound].start
            let end = words[run.upperBound].end
            var following = end
            while following < regionEnd && isBlank(following) { following += 1 }
            if run.upperBound + 1 < words.count && words[run.upperBound + 1].start == following {
                delete(start..<following)
            } else {
                var preceding = start
                while preceding > regionStart && isBlank(preceding - 1) { preceding -= 1 }
                delete(preceding..<end)
            }
        }
        removeEmptiedLines(&deleted)

        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.count)
        let byStart = Dictionary(
            replacements.map { ($0.range.lowerBound, $0) }, uniquingKeysWith: { first, _ in first })
        var offset = 0
        while offset < text.count {
            if let replacement = byStart[offset] {
                output += replacement.text.unicodeScalars
                offset = replacement.range.upperBound
                continue
            }
            if !deleted[offset] { output.append(text[offset]) }
            offset += 1
        }
        return output
    }

    private func isBlank(_ offset: Int) -> Bool { text[offset] == " " || text[offset] == "\t" }

    /// Removed words next to each other with only blanks between them, as closed index ranges.
    private func runs(of removed: Set<Int>) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for index in removed.sorted() {
            if let last = runs.last, last.upperBound == index - 1,
                (words[index - 1].end..<words[index].start).allSatisfy(isBlank)
            {
                runs[runs.count - 1] = last.lowerBound...index
            } else {
                runs.append(index...index)
            }
        }
        return runs
    }

    private struct Line {
        var start: Int
        /// The newline's offset, or the region's end for the last line.
        var end: Int
    }

    private var lines: [Line] {
        var lines: [Line] = []
        var start = regionStart
        for offset in regionStart..<regionEnd where text[offset] == "\n" {
            lines.append(Line(start: start, end: offset))
            start = offset + 1
        }
        lines.append(Line(start: start, end: regionEnd))
        return lines
    }

    /// What a line holds besides blanks, a carriage return and a trailing continuation backslash.
    private func content(of line: Line) -> [Int] {
        var offsets = (line.start..<line.end).filter { !isBlank($0) && text[$0] != "\r" }
        if let last = offsets.last, text[last] == "\\" { offsets.removeLast() }
        return offsets
    }

    private func isComment(_ line: Line) -> Bool {
        guard let first = (line.start..<line.end).first(where: { !isBlank($0) }) else { return false }
        return text[first] == "#" || text[first] == ";"
    }

    private func removeEmptiedLines(_ deleted: inout [Bool]) {
        let lines = self.lines
        var emptied = Set<Int>()
        for (index, line) in lines.enumerated().dropFirst() {
            let content = content(of: line)
            if !content.isEmpty && content.allSatisfy({ deleted[$0] }) { emptied.insert(index) }
        }
        for index in emptied.sorted() {
            let line = lines[index]
            if index < lines.count - 1 {
                for offset in line.start...line.end { deleted[offset] = true }
                continue
            }
            // The last line goes with the newline before it; the first line is never emptied.
            guard let kept = lines[..<index].indices.last(where: { !emptied.contains($0) }) else { continue }
            for offset in lines[kept].end..<line.end { deleted[offset] = true }
            // The entry now ends on an earlier line, which must not go on with a backslash.
            guard
                let previous = lines[..<index].indices.last(where: { !emptied.contains($0) && !isComment(lines[$0]) })
            else { continue }
            let candidate = lines[previous]
            guard
                let backslash = (candidate.start..<candidate.end).last(where: {
                    !deleted[$0] && !isBlank($0) && text[$0] != "\r"
                }), text[backslash] == "\\"
            else { continue }
            var from = backslash
            while from > candidate.start && (deleted[from - 1] || isBlank(from - 1)) { from -= 1 }
            for offset in from...backslash { deleted[offset] = true }
        }
    }
}
