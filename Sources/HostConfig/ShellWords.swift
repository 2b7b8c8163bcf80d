/// Splits an option string into argv words as a POSIX shell would, without ever running one.
///
/// Quotes and backslashes are honoured; nothing is expanded: `$(...)`, backquotes and globs stay literal
/// text, because these strings come from root-owned files that drivershift reads, never executes.
enum ShellWords {
    static func split(_ text: String) throws -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        var index = 0

        func endWord() {
            if inWord { words.append(String(current)) }
            current = String.UnicodeScalarView()
            inWord = false
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\n", "\r":
                endWord()
                index += 1
            case "'":
                inWord = true
                index += 1
                while index < scalars.count && scalars[index] != "'" {
                    current.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { throw HostConfigError.unterminatedQuote(text: text) }
                index += 1
            case "\"":
                inWord = true
                index += 1
                while true {
                    guard index < scalars.count else { throw HostConfigError.unterminatedQuote(text: text) }
                    let inner = scalars[index]
                    if inner == "\"" {
                        index += 1
                        break
                    }
                    // Inside double quotes a backslash escapes only these, as in sh.
                    if inner == "\\", index + 1 < scalars.count, "\"\\$`\n".unicodeScalars.contains(scalars[index + 1])
                    {
                        if scalars[index + 1] != "\n" { current.append(scalars[index + 1]) }
                        index += 2
                    } else {
                        current.append(inner)
                        index += 1
                    }
                }
            case "\\":
                if index + 1 < scalars.count {
                    // Backslash-newline joins lines and adds nothing.
                    if scalars[index + 1] != "\n" {
                        inWord = true
                        current.append(scalars[index + 1])
                    }
                    index += 2
                } else {
                    inWord = true
                    current.append(scalar)
                    index += 1
                }
            default:
                inWord = true
                current.append(scalar)
                index += 1
            }
        }
        endWord()
        return words
    }
}
