import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The POSIX calls `HostFileEditor` is built from, with errno turned into `FileEditError`. Paths are real
/// locations (already resolved through a `HostRoot`).
enum FileCalls {
    /// Owner, permission bits and times to give a file we write.
    struct Ownership {
        var user: uid_t
        var group: gid_t
        /// Permission bits including setuid/setgid/sticky (`st_mode & 0o7777`).
        var mode: mode_t
        /// atime and mtime to keep (backups, restores); nil for "now".
        var times: (access: timespec, modification: timespec)?

        init(user: uid_t, group: gid_t, mode: mode_t, times: (access: timespec, modification: timespec)? = nil) {
            self.user = user
            self.group = group
            self.mode = mode
            self.times = times
        }

        init(of info: stat) {
            self.init(
                user: info.st_uid, group: info.st_gid, mode: info.st_mode & 0o7777,
                times: (info.st_atim, info.st_mtim))
        }
    }

    /// `lstat` (or `stat` when `following`); nil when the path does not exist.
    static func status(_ path: String, following: Bool = false) throws -> stat? {
        var info = stat()
        let result = following ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure(path, "look at")
        }
        return info
    }

    static func isRegularFile(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }
    static func isSymbolicLink(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFLNK }

    /// A kind for messages: "a directory", "a symbolic link to X", ...
    static func kind(of path: String, _ info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return "a symbolic link to \(target)"
        default: return "a special file"
        }
    }

    static func readAll(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw failure(path, "read") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer.prefix(count))
        }
    }

    /// Creates `path` exclusively with `bytes`, owner, mode and times, and fsyncs it. Returns false (and
    /// writes nothing) when `path` exists already; a half-written file is removed before an error is thrown.
    static func createFile(_ path: String, bytes: [UInt8], ownership: Ownership) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return false }
            throw failure(path, "create")
        }
        do {
            try writeAll(bytes, to: descriptor, path: path)
            // Owner before mode: chown clears setuid/setgid bits.
            guard fchown(descriptor, ownership.user, ownership.group) == 0 else { throw failure(path, "chown") }
            guard fchmod(descriptor, ownership.mode) == 0 else { throw failure(path, "chmod") }
            if let times = ownership.times {
                let pair = [times.access, times.modification]
                guard futimens(descriptor, pair) == 0 else { throw failure(path, "set the times of") }
            }
            guard fsync(descriptor) == 0 else { throw failure(path, "fsync") }
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
        guard close(descriptor) == 0 else {
            let error = failure(path, "close")
            unlink(path)
            throw error
        }
        return true
    }

    /// A new file with a random name next to `target` (same directory, so a rename is atomic).
    static func createTemporaryFile(beside target: String, bytes: [UInt8], ownership: Ownership) throws -> String {
        let directory = parent(of: target)
        let name = (target as NSString).lastPathComponent
        for _ in 0..<100 {
            let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let path = "\(directory)/.\(name).drivershift-\(random).tmp"
            if try createFile(path, bytes: bytes, ownership: ownership) { return path }
        }
        throw FileEditError.fileOperationFailed(
            path: directory, operation: "create a temporary file in", reason: "100 random names were all taken")
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            offset += count
        }
    }

    /// Makes a rename or a new entry in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(directory, "open the directory") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(directory, "fsync the directory") }
    }

    static func rename(_ source: String, over target: String) throws {
        guard Glibc.rename(source, target) == 0 else { throw failure(target, "move \(source) over") }
    }

    /// `mkdir` with mode 0755 exactly (not narrowed by the umask), owned by whoever runs us (root).
    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else { throw failure(path, "create the directory") }
        guard chmod(path, 0o755) == 0 else { throw failure(path, "chmod") }
    }

    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 else { throw failure(path, "remove") }
    }

    /// `rmdir`; returns errno (0 when removed) so callers can tell "not empty" from real failures.
    static func removeDirectory(_ path: String) -> Int32 {
        rmdir(path) == 0 ? 0 : errno
    }

    static func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    /// The current errno as a `FileEditError` about `path`.
    static func failure(_ path: String, _ operation: String) -> FileEditError {
        failure(path, operation, code: errno)
    }

    static func failure(_ path: String, _ operation: String, code: Int32) -> FileEditError {
        .fileOperationFailed(path: path, operation: operation, reason: String(cString: strerror(code)))
    }
}
