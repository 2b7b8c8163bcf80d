/// A word of an option string with the place it is written, so that an editor can remove or rename one
/// word and keep the others exactly as written (their quotes included).
struct SpannedWord: Sendable, Equatable {
    /// The word after quote removal, as `ShellWords.split` gives it.
    var text: String
    /// Offsets in the scanned scalars: the word's first scalar (an opening quote, if any) and just past its last.
    var start: Int
    var end: Int
}

/// The scanner behind `ShellWords.split`, with the place of every word (quotes, backslashes, nothing expanded).
enum ShellWordSpans {
    static func split(_ scalars: [Unicode.Scalar]) throws -> [SpannedWord] {
        var words: [SpannedWord] = []
        var current = String.UnicodeScalarView()
        var start: Int?
        var index = 0

        func endWord() {
            if let start { words.append(SpannedWord(text: String(current), start: start, end: index)) }
            current = String.UnicodeScalarView()
            start = nil
        }
        func unterminated() -> HostConfigError {
            .unterminatedQuote(text: String(String.UnicodeScalarView(scalars)))
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\n", "\r":
                endWord()
                index += 1
            case "'":
                if start == nil { start = index }
                index += 1
                while index < scalars.count && scalars[index] != "'" {
                    current.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { throw unterminated() }
                index += 1
            case "\"":
                if start == nil { start = index }
                index += 1
                while true {
                    guard index < scalars.count else { throw unterminated() }
                    let inner = scalars[index]
                    if inner == "\"" {
                        index += 1
                        break
                    }
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
                    if scalars[index + 1] != "\n" {
                        if start == nil { start = index }
                        current.append(scalars[index + 1])
                    }
                    index += 2
                } else {
                    if start == nil { start = index }
                    current.append(scalar)
                    index += 1
                }
            default:
                if start == nil { start = index }
                current.append(scalar)
                index += 1
            }
        }
        endWord()
        return words
    }
}
