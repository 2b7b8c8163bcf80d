import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A directory under /tmp, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/thinpool-tests-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
            return String(cString: made)
        }
        guard let made else { throw CocoaError(.fileWriteUnknown) }
        path = made
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
