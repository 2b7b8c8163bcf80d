import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Small file-system helpers the sandbox needs: temporary directories, canonical paths, atomic writes and
/// the tail of the daemon log.
enum SandboxFiles {
    /// `mkdtemp` with `template` ending in `XXXXXX`; mode 0700, unique even across concurrent sandboxes.
    static func makeTemporaryDirectory(_ template: String) throws -> String {
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }
        guard made != nil else {
            throw SandboxError.cannotPrepare(path: template, reason: String(cString: strerror(errno)))
        }
        return String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical absolute path (symlinks resolved), as /proc/mounts and dockerd will spell it.
    static func canonicalPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else {
            throw SandboxError.cannotPrepare(path: path, reason: String(cString: strerror(errno)))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SandboxError.cannotPrepare(path: path, reason: "\(error)")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Temp file and rename, so a half-written daemon.json is never seen by a starting dockerd.
    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SandboxError.cannotPrepare(path: path, reason: "\(error)")
        }
    }

    static func size(of path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(max(0, info.st_size)) : 0
    }

    /// The last `lines` lines written to `path` after byte `offset`, reading at most the last 64 KiB.
    /// gRPC connection chatter (`module=grpc`) is left out: it would crowd out the line that says why.
    static func tail(of path: String, from offset: UInt64, lines: Int = 20) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "(no log at \(path))" }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? 0
        let start = max(offset, end > 65_536 ? end - 65_536 : 0)
        guard start < end, (try? handle.seek(toOffset: start)) != nil,
            let data = try? handle.readToEnd()
        else { return "(the daemon wrote nothing to \(path))" }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasSuffix("module=grpc") }
            .suffix(lines).joined(separator: "\n")
    }
}
