/// Splits an option string into argv words as a POSIX shell would, without ever running one.
///
/// Quotes and backslashes are honoured; nothing is expanded: `$(...)`, backquotes and globs stay literal
/// text, because these strings come from root-owned files that drivershift reads, never executes.
enum ShellWords {
    static func split(_ text: String) throws -> [String] {
        // One scanner for both: the spans an editor needs come with the words.
        try ShellWordSpans.split(Array(text.unicodeScalars)).map(\.text)
    }
}
