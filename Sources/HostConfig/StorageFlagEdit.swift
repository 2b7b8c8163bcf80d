/// What a switch of the storage driver changes in one list of dockerd words as written (a unit's ExecStart=,
/// a variable's value): the storage flags go (the driver and its options now live in daemon.json only), and
/// the legacy `-g`/`--graph` becomes `--data-root`. Every other word stays as it is, `$VAR` references too.
struct StorageFlagEdit: Sendable {
    /// The flags that are removed, by their long names.
    static let removedFlags: Set<String> = ["storage-driver", "storage-opt"]

    /// Indices of the words to remove.
    var removed: Set<Int> = []
    /// Renamed words by index: the scalar count of the old flag name at the word's start, and the new prefix.
    var renamed: [Int: (oldPrefixLength: Int, newPrefix: String)] = [:]
    /// The words as dockerd will get them once the edit is made.
    var resultingWords: [String] = []
    /// Human summaries: "--storage-driver devicemapper", "-g /srv/docker -> --data-root /srv/docker".
    var removedText: [String] = []
    var renamedText: [String] = []
    /// Arguments that cannot be rewritten safely (a storage flag run together with other shorthands).
    var refusals: [String] = []

    var changesSomething: Bool { !removed.isEmpty || !renamed.isEmpty }

    /// Plans the edit of `words` (dockerd's arguments, without the executable).
    static func plan(_ words: [String]) -> StorageFlagEdit {
        var edit = StorageFlagEdit()
        let placeholder = ConfigSource(kind: .systemdUnit, path: "", inEffect: true)
        let parsed = DockerdFlagParser.parse(words.map { AttributedWord(text: $0, source: placeholder) })
        var index = 0
        for argument in parsed.map(\.argument) {
            let indices = Array(index..<(index + argument.words.count))
            index += argument.words.count
            guard let flag = argument.flag, let first = argument.words.first,
                removedFlags.contains(flag) || flag == "graph"
            else {
                edit.resultingWords += argument.words
                continue
            }
            let spelled =
                first.hasPrefix("--") || first == "-s" || first == "-g" || first.hasPrefix("-s=")
                || first.hasPrefix("-g=") || shorthandWithValue(first)
            guard spelled else {
                edit.refusals.append(argument.words.joined(separator: " "))
                edit.resultingWords += argument.words
                continue
            }
            if removedFlags.contains(flag) {
                edit.removed.formUnion(indices)
                edit.removedText.append(argument.words.joined(separator: " "))
                continue
            }
            let (oldLength, newPrefix) = renaming(first)
            edit.renamed[index - argument.words.count] = (oldLength, newPrefix)
            let renamedFirst = newPrefix + String(String.UnicodeScalarView(first.unicodeScalars.dropFirst(oldLength)))
            edit.resultingWords += [renamedFirst] + argument.words.dropFirst()
            edit.renamedText.append(
                argument.words.joined(separator: " ") + " -> "
                    + ([renamedFirst] + argument.words.dropFirst()).joined(separator: " "))
        }
        return edit
    }

    /// `-sdevicemapper`, `-g/srv/docker`: a value shorthand with its value attached (pflag reads these too).
    private static func shorthandWithValue(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count > 2, scalars[0] == "-", scalars[1] == "s" || scalars[1] == "g" else { return false }
        return true
    }

    /// `--graph[=v]` -> `--data-root[=v]`; `-g`, `-g=v` -> `--data-root`, `--data-root=v`; `-gv` -> `--data-root=v`.
    private static func renaming(_ word: String) -> (Int, String) {
        if word.hasPrefix("--graph") { return (7, "--data-root") }
        let rest = word.unicodeScalars.dropFirst(2)
        if rest.isEmpty || rest.first == "=" { return (2, "--data-root") }
        return (2, "--data-root=")
    }
}
