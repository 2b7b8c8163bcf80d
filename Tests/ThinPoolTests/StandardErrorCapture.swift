import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs code with file descriptor 2 pointed at a temporary file, and returns what was written there.
/// A file rather than a pipe, so a chatty callee cannot fill a pipe buffer and block.
enum StandardErrorCapture {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func capture<T>(_ body: () throws -> T) throws -> (result: T, stderr: String) {
        var template = Array("/tmp/thinpool-stderr-XXXXXX".utf8CString)
        let file = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard file >= 0 else { throw Failure(description: "mkstemp failed: errno \(errno)") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer {
            close(file)
            unlink(path)
        }
        fflush(nil)  // all C streams, so nothing buffered earlier lands in the capture
        let saved = dup(2)
        guard saved >= 0, dup2(file, 2) >= 0 else {
            throw Failure(description: "dup/dup2 of fd 2 failed: errno \(errno)")
        }
        let outcome = Result { try body() }
        fflush(nil)  // all C streams, so nothing buffered earlier lands in the capture
        _ = dup2(saved, 2)
        close(saved)
        let written = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<unreadable capture>"
        return (try outcome.get(), written)
    }

    /// The captured lines that Swift Testing's console reporter did not write. When the whole package's
    /// tests run in one process, other targets' tests start and finish during a capture, and the
    /// reporter writes those events to stderr; each such line begins with one of its status symbols,
    /// possibly after a colour escape. Everything else must have come from the code under test.
    static func linesNotFromTestFramework(_ captured: String) -> [String] {
        let reporterSymbols: Set<Character> = ["◇", "✔", "✘", "↳", "⚠", "⊘", "➜", "→", "•"]
        return captured.split(whereSeparator: \.isNewline).map(String.init).filter { line in
            var visible = Substring(line)
            while visible.hasPrefix("\u{1B}["), let end = visible.firstIndex(of: "m") {
                visible = visible[visible.index(after: end)...]
            }
            guard let first = visible.first else { return false }
            return !reporterSymbols.contains(first)
        }
    }
}
