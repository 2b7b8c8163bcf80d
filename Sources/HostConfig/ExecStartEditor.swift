/// Rewrites dockerd's `ExecStart=` lines in a unit file or drop-in: storage flags out, `-g`/`--graph` renamed,
/// every other word (and `$VAR` reference) as written, continuation lines and comments kept.
enum ExecStartEditor {
    struct Outcome {
        var text: String
        var removed: [String] = []
        var renamed: [String] = []
        var problems: [ConfigProblem] = []

        var changed: Bool { !removed.isEmpty || !renamed.isEmpty }
    }

    /// Edits every non-empty `ExecStart=` of the [Service] section in place.
    static func edit(_ original: String, path: String) -> Outcome {
        var outcome = Outcome(text: original)
        let count = execStarts(in: Array(original.unicodeScalars)).count
        for occurrence in (0..<count).reversed() {
            let text = Array(outcome.text.unicodeScalars)
            let entry = execStarts(in: text)[occurrence]
            guard let rewrite = rewrite(of: entry, in: text, path: path, problems: &outcome.problems),
                rewrite.edit.changesSomething
            else { continue }
            let expected = rewrite.edit.resultingWords
            func holdsExpected(_ candidate: [Unicode.Scalar]) -> Bool {
                let entries = execStarts(in: candidate)
                guard entries.count == count, let words = try? ShellWordSpans.split(entries[occurrence].value) else {
                    return false
                }
                return words.dropFirst(rewrite.skipped).map(\.text) == expected
            }
            var result = rewrite.surgical(regionStart: entry.regionStart, regionEnd: entry.regionEnd)
            if let surgical = result, !holdsExpected(surgical) { result = nil }
            if result == nil {
                // Write the entry again on one line rather than guess at odd quoting.
                let line = Array(("ExecStart=" + rewrite.keptWordsAsWritten.joined(separator: " ")).unicodeScalars)
                let whole = Array(text[..<entry.regionStart]) + line + Array(text[entry.regionEnd...])
                result = holdsExpected(whole) ? whole : nil
            }
            guard let result else {
                outcome.problems.append(
                    ConfigProblem(
                        severity: .error,
                        message:
                            "ExecStart= in \(path) line \(entry.line) could not be rewritten without changing other "
                            + "words; remove "
                            + (rewrite.edit.removedText + rewrite.edit.renamedText).joined(separator: ", ")
                            + " from it by hand, then plan again.", path: path, line: entry.line))
                continue
            }
            outcome.text = String(String.UnicodeScalarView(result))
            outcome.removed = rewrite.edit.removedText + outcome.removed
            outcome.renamed = rewrite.edit.renamedText + outcome.renamed
        }
        return outcome
    }

    /// The value of an `ExecStart=` (at `line` in `text`) with the storage flags taken out, for a drop-in that
    /// replaces it; nil when it has no storage flag. Problems are added for what cannot be rewritten.
    static func replacementValue(
        in original: String, line: Int, path: String, problems: inout [ConfigProblem]
    ) -> (value: String, removed: [String], renamed: [String])? {
        let text = Array(original.unicodeScalars)
        guard let entry = execStarts(in: text).first(where: { $0.line == line }),
            let rewrite = rewrite(of: entry, in: text, path: path, problems: &problems),
            rewrite.edit.changesSomething
        else { return nil }
        return (rewrite.keptWordsAsWritten.joined(separator: " "), rewrite.edit.removedText, rewrite.edit.renamedText)
    }

    private static func execStarts(in text: [Unicode.Scalar]) -> [SystemdEntrySpan] {
        SystemdEntrySpan.entries(in: text).filter {
            $0.section == "Service" && $0.key == "ExecStart" && !$0.value.isEmpty
        }
    }

    private static func rewrite(
        of entry: SystemdEntrySpan, in text: [Unicode.Scalar], path: String, problems: inout [ConfigProblem]
    ) -> FlagWordsRewrite? {
        let words: [SpannedWord]
        do {
            words = try ShellWordSpans.split(entry.value)
        } catch {
            problems.append(
                ConfigProblem(
                    severity: .error, message: "ExecStart= in \(path) line \(entry.line) cannot be read: \(error)",
                    path: path, line: entry.line))
            return nil
        }
        guard let executable = words.first else { return nil }
        // '@' before the executable: the next word is only argv[0] (see ExecStartExpander).
        let prefix = executable.text.prefix(while: { ExecStartExpander.executablePrefixes.contains($0) })
        let skipped = min(words.count, prefix.contains("@") ? 2 : 1)
        let raw = words.map { RawWordEditor.Word(start: entry.sources[$0.start], end: entry.sources[$0.end - 1] + 1) }
        let rewrite = FlagWordsRewrite(text: text, words: words, rawWords: raw, skipped: skipped)
        for refusal in rewrite.edit.refusals {
            problems.append(
                ConfigProblem(
                    severity: .error,
                    message:
                        "ExecStart= in \(path) line \(entry.line) passes '\(refusal)', a storage flag run together "
                        + "with other shorthand flags; write it as separate flags (or remove it), then plan again.",
                    path: path, line: entry.line))
        }
        return rewrite
    }
}
