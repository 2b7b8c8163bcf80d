/// One list of dockerd words as written in a file, and the rewrite `StorageFlagEdit` asks for, in terms of
/// the file's own text: shared by the editors of variable assignments and of `ExecStart=` entries.
struct FlagWordsRewrite {
    let text: [Unicode.Scalar]
    /// Each word as the option string has it, and its place in `text`.
    let words: [SpannedWord]
    let rawWords: [RawWordEditor.Word]
    /// Words before dockerd's arguments (the executable and its argv[0]): never touched.
    let skipped: Int
    let edit: StorageFlagEdit

    init(text: [Unicode.Scalar], words: [SpannedWord], rawWords: [RawWordEditor.Word], skipped: Int) {
        self.text = text
        self.words = words
        self.rawWords = rawWords
        self.skipped = skipped
        edit = StorageFlagEdit.plan(words.dropFirst(skipped).map(\.text))
    }

    var removed: Set<Int> { Set(edit.removed.map { $0 + skipped }) }

    /// The raw ranges that renaming replaces; nil when a flag name is not written plainly (inside quotes
    /// that also hold other text, with escapes), so only a rewrite of the whole value can rename it.
    var renameReplacements: [(range: Range<Int>, text: String)]? {
        var replacements: [(range: Range<Int>, text: String)] = []
        for (index, rename) in edit.renamed {
            let raw = rawWords[index + skipped]
            var start = raw.start
            if text[start] == "'" || text[start] == "\"" { start += 1 }
            let end = start + rename.oldPrefixLength
            let old = words[index + skipped].text.unicodeScalars.prefix(rename.oldPrefixLength)
            guard end <= raw.end, Array(text[start..<end]) == Array(old) else { return nil }
            replacements.append((start..<end, rename.newPrefix))
        }
        return replacements
    }

    /// The kept words as written, renamed ones with their new name: what a whole-value rewrite writes.
    var keptWordsAsWritten: [String] {
        var kept: [String] = []
        for (index, raw) in rawWords.enumerated() where !removed.contains(index) {
            let written = String(String.UnicodeScalarView(text[raw.start..<raw.end]))
            if index >= skipped, let rename = edit.renamed[index - skipped] {
                let renamed =
                    rename.newPrefix
                    + String(
                        String.UnicodeScalarView(words[index].text.unicodeScalars.dropFirst(rename.oldPrefixLength)))
                kept.append(ShellQuoting.quoteIfNeeded(renamed))
            } else {
                kept.append(written)
            }
        }
        return kept
    }

    /// The surgical edit: only the changed words (and the blanks around them) differ afterwards.
    func surgical(regionStart: Int, regionEnd: Int) -> [Unicode.Scalar]? {
        guard let replacements = renameReplacements else { return nil }
        let editor = RawWordEditor(text: text, regionStart: regionStart, regionEnd: regionEnd, words: rawWords)
        return editor.apply(removing: removed, replacing: replacements)
    }
}

/// Quoting for words written into a shell-style value.
enum ShellQuoting {
    private static let plain = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@%+".unicodeScalars)

    static func quoteIfNeeded(_ word: String) -> String {
        if !word.isEmpty && word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return doubleQuoted(word)
    }

    static func doubleQuoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            if "\"\\$`".unicodeScalars.contains(scalar) { output += "\\" }
            output.unicodeScalars.append(scalar)
        }
        return output + "\""
    }
}
