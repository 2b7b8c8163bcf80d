import HostSystem

/// A planned file edit as a unified diff (`diff -u`, `git diff`), for the dry-run report and the terminal.
///
/// `--- a/path` / `+++ b/path` (`/dev/null` for a file the edit creates), hunks with three lines of context,
/// and "\ No newline at end of file" after a last line without one, so `patch -p1` applies the output.
public enum UnifiedDiff {
    public static let contextLines = 3

    public static func render(_ edit: PlannedFileEdit) -> String {
        let relative = edit.path.hasPrefix("/") ? String(edit.path.dropFirst()) : edit.path
        let old = Lines(edit.before ?? "")
        let new = Lines(edit.after)
        let operations = LineDiff.operations(old.keys, new.keys)
        guard operations.contains(where: { $0 != .same }) else { return "" }

        var output = "--- " + (edit.before == nil ? "/dev/null" : "a/" + relative) + "\n"
        output += "+++ b/" + relative + "\n"
        for hunk in hunks(operations) {
            output += header(hunk, operations: operations)
            var oldLine = hunk.oldStart
            var newLine = hunk.newStart
            for operation in operations[hunk.range] {
                switch operation {
                case .same:
                    output += " " + old.lines[oldLine] + "\n" + old.marker(after: oldLine)
                    oldLine += 1
                    newLine += 1
                case .removed:
                    output += "-" + old.lines[oldLine] + "\n" + old.marker(after: oldLine)
                    oldLine += 1
                case .added:
                    output += "+" + new.lines[newLine] + "\n" + new.marker(after: newLine)
                    newLine += 1
                }
            }
        }
        return output
    }

    /// A text cut into lines; the last line may lack its newline.
    private struct Lines {
        var lines: [String]
        var endsWithNewline: Bool

        init(_ text: String) {
            var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            endsWithNewline = text.isEmpty || text.hasSuffix("\n")
            if endsWithNewline { parts.removeLast() }
            lines = parts
        }

        /// What lines are compared by: a last line without its newline differs from the same text with one.
        var keys: [String] {
            guard !endsWithNewline, let last = lines.last else { return lines }
            return lines.dropLast() + [last + "\u{0}no newline"]
        }

        func marker(after index: Int) -> String {
            index == lines.count - 1 && !endsWithNewline ? "\\ No newline at end of file\n" : ""
        }
    }

    private struct Hunk {
        var range: Range<Int>
        var oldStart: Int
        var newStart: Int
    }

    /// Changed operations with their context, merged when their contexts touch.
    private static func hunks(_ operations: [LineDiff.Operation]) -> [Hunk] {
        var ranges: [Range<Int>] = []
        for (index, operation) in operations.enumerated() where operation != .same {
            let lower = max(0, index - contextLines)
            let upper = min(operations.count, index + contextLines + 1)
            if let last = ranges.last, lower <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, upper)
            } else {
                ranges.append(lower..<upper)
            }
        }
        return ranges.map { range in
            let before = operations[..<range.lowerBound]
            return Hunk(
                range: range, oldStart: before.filter { $0 != .added }.count,
                newStart: before.filter { $0 != .removed }.count)
        }
    }

    private static func header(_ hunk: Hunk, operations: [LineDiff.Operation]) -> String {
        let slice = operations[hunk.range]
        let oldCount = slice.filter { $0 != .added }.count
        let newCount = slice.filter { $0 != .removed }.count
        // An empty side is numbered by the line before it, as diff does (0 for the top of the file).
        let oldStart = oldCount == 0 ? hunk.oldStart : hunk.oldStart + 1
        let newStart = newCount == 0 ? hunk.newStart : hunk.newStart + 1
        return "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
    }
}

/// The shortest edit between two lists of lines (longest common subsequence), as an edit script.
enum LineDiff {
    enum Operation: Equatable {
        case same, removed, added
    }

    static func operations(_ old: [String], _ new: [String]) -> [Operation] {
        // Common head and tail first: config edits touch a few lines of a file, so the table stays small.
        var head = 0
        while head < old.count && head < new.count && old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head && tail < new.count - head
            && old[old.count - 1 - tail] == new[new.count - 1 - tail]
        {
            tail += 1
        }
        let a = Array(old[head..<(old.count - tail)])
        let b = Array(new[head..<(new.count - tail)])
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var middle: [Operation] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                middle.append(.same)
                i += 1
                j += 1
            } else if i < a.count && (j == b.count || table[i + 1][j] >= table[i][j + 1]) {
                // Removals before additions within a change, as diff prints them.
                middle.append(.removed)
                i += 1
            } else {
                middle.append(.added)
                j += 1
            }
        }
        return Array(repeating: .same, count: head) + middle + Array(repeating: .same, count: tail)
    }
}
