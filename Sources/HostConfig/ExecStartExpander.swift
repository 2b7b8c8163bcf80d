/// Turns an `ExecStart=` value into the argv systemd runs, remembering which place supplied each word.
///
/// systemd's rules (systemd.service(5), "Command lines"): the value is split into words with quotes; a word
/// that is exactly `$NAME` becomes the variable's value split at whitespace (zero or more words); `${NAME}`
/// anywhere in a word is replaced by the value as it is, in one word; `$$` is a literal `$`.
enum ExecStartExpander {
    struct Expansion: Sendable, Equatable {
        /// The executable first.
        var words: [AttributedWord]
        /// Every variable the command line names, defined or not, in order.
        var referencedVariables: [String]
    }

    /// The characters systemd accepts before the executable path (`-`: ignore failure, `@`: argv[0] follows, ...).
    static let executablePrefixes: Set<Character> = ["-", "@", "+", "!", ":", "|"]

    static func expand(
        _ execStart: String, literalSource: ConfigSource, environment: [String: EnvironmentVariable]
    ) throws -> Expansion {
        var text = Substring(execStart)
        var hasArgv0 = false
        while let first = text.first, executablePrefixes.contains(first) {
            if first == "@" { hasArgv0 = true }
            text = text.dropFirst()
        }
        var written = try ShellWords.split(String(text))
        // With '@' the second word is only argv[0]; dockerd's flags start after it.
        if hasArgv0 && written.count > 1 { written.remove(at: 1) }

        var words: [AttributedWord] = []
        var referenced: [String] = []
        for word in written {
            if word.hasPrefix("$"), String(word.dropFirst()).isVariableName {
                let name = String(word.dropFirst())
                referenced.append(name)
                guard let variable = environment[name] else { continue }
                // systemd splits with quote removal; an unbalanced quote is taken leniently, word by word.
                let parts =
                    (try? ShellWords.split(variable.value))
                    ?? variable.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
                words += parts.map { AttributedWord(text: $0, source: variable.source) }
                continue
            }
            let (text, source, names) = replaceBraced(in: word, environment: environment)
            referenced += names
            words.append(AttributedWord(text: text, source: source ?? literalSource))
        }
        return Expansion(words: words, referencedVariables: referenced)
    }

    /// Replaces `${NAME}` and `$$`; the word is attributed to the last defined variable it takes a value from.
    private static func replaceBraced(
        in word: String, environment: [String: EnvironmentVariable]
    ) -> (String, ConfigSource?, [String]) {
        let scalars = Array(word.unicodeScalars)
        var output = String.UnicodeScalarView()
        var source: ConfigSource?
        var names: [String] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$" && index + 1 < scalars.count {
                if scalars[index + 1] == "$" {
                    output.append("$")
                    index += 2
                    continue
                }
                if scalars[index + 1] == "{", let close = scalars[(index + 2)...].firstIndex(of: "}") {
                    let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                    if name.isVariableName {
                        names.append(name)
                        if let variable = environment[name] {
                            output.append(contentsOf: variable.value.unicodeScalars)
                            source = variable.source
                        }
                        index = close + 1
                        continue
                    }
                }
            }
            output.append(scalars[index])
            index += 1
        }
        return (String(output), source, names)
    }
}
