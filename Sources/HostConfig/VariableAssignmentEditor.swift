/// Rewrites the assignments of one variable in a shell-style variable file (`OPTIONS=` in /etc/sysconfig/docker,
/// `DOCKER_OPTS=` in /etc/default/docker): storage flags out, `-g` renamed, the rest of the file untouched.
enum VariableAssignmentEditor {
    struct Outcome {
        var text: String
        var removed: [String] = []
        var renamed: [String] = []
        var problems: [ConfigProblem] = []

        var changed: Bool { !removed.isEmpty || !renamed.isEmpty }
    }

    /// Edits every assignment of `variable` (the last one counts, but an earlier one must not come back
    /// into effect carrying the old flags when the last is removed by hand).
    static func edit(_ variable: String, in original: String, path: String) -> Outcome {
        var outcome = Outcome(text: original)
        let count = VariableFile.spans(original).filter { $0.name == variable }.count
        // Last first: an edit changes only what follows it, so earlier assignments keep their offsets.
        for occurrence in (0..<count).reversed() {
            let text = Array(outcome.text.unicodeScalars)
            guard
                let span = VariableFile.spans(outcome.text).filter({ $0.name == variable }).dropFirst(occurrence).first
            else { continue }
            let place = "\(path) line \(span.line) (\(variable))"
            let words: [SpannedWord]
            do {
                words = try ShellWordSpans.split(Array(span.value.unicodeScalars))
            } catch {
                outcome.problems.append(
                    problem("\(place) cannot be split into dockerd arguments: \(error)", path, span))
                continue
            }
            let raw = words.map {
                RawWordEditor.Word(start: span.sources[$0.start].lowerBound, end: span.sources[$0.end - 1].upperBound)
            }
            let rewrite = FlagWordsRewrite(text: text, words: words, rawWords: raw, skipped: 0)
            for refusal in rewrite.edit.refusals {
                outcome.problems.append(
                    problem(
                        "\(place) passes '\(refusal)', a storage flag run together with other shorthand flags; "
                            + "write it as separate flags (or remove it), then plan again.", path, span))
            }
            guard rewrite.edit.changesSomething else { continue }
            guard let edited = rewritten(span, rewrite, in: text, occurrence: occurrence, variable: variable) else {
                outcome.problems.append(
                    problem(
                        "\(place) could not be rewritten without changing other words; remove "
                            + (rewrite.edit.removedText + rewrite.edit.renamedText).joined(separator: ", ")
                            + " from it by hand, then plan again.", path, span))
                continue
            }
            outcome.text = edited
            outcome.removed = rewrite.edit.removedText + outcome.removed
            outcome.renamed = rewrite.edit.renamedText + outcome.renamed
        }
        return outcome
    }

    private static func rewritten(
        _ span: VariableFile.Span, _ rewrite: FlagWordsRewrite, in text: [Unicode.Scalar], occurrence: Int,
        variable: String
    ) -> String? {
        let expected = rewrite.edit.resultingWords
        func holdsExpected(_ candidate: String) -> Bool {
            let spans = VariableFile.spans(candidate).filter { $0.name == variable }
            guard spans.count > occurrence, let words = try? ShellWords.split(spans[occurrence].value) else {
                return false
            }
            return words == expected
        }
        let quote: String
        switch span.valueStart < text.count ? text[span.valueStart] : " " {
        case "'": quote = "'"
        case "\"": quote = "\""
        default: quote = ""
        }
        if expected.isEmpty {
            // Nothing left: an empty value in the same quotes, not a stray blank inside them.
            let result =
                String(String.UnicodeScalarView(text[..<span.valueStart])) + quote + quote
                + String(String.UnicodeScalarView(text[span.valueEnd...]))
            return holdsExpected(result) ? result : nil
        }
        let lineStart = text[..<span.start].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        if let surgical = rewrite.surgical(regionStart: lineStart, regionEnd: span.valueEnd) {
            let result = String(String.UnicodeScalarView(surgical))
            if holdsExpected(result) { return result }
        }
        // Escapes or mixed quoting got in the way: write the whole value again in its own quoting style.
        let joined = rewrite.keptWordsAsWritten.joined(separator: " ")
        let value: String
        if quote == "'" && !joined.contains("'") {
            value = "'" + joined + "'"
        } else {
            value = ShellQuoting.doubleQuoted(joined)
        }
        let result =
            String(String.UnicodeScalarView(text[..<span.valueStart])) + value
            + String(String.UnicodeScalarView(text[span.valueEnd...]))
        return holdsExpected(result) ? result : nil
    }

    private static func problem(_ message: String, _ path: String, _ span: VariableFile.Span) -> ConfigProblem {
        ConfigProblem(severity: .error, message: message, path: path, line: span.line)
    }
}
