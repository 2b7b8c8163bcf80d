import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Deletes a sandbox tree: root-owned layer files, read-only directories and odd names included.
///
/// Works on directory descriptors and raw name bytes (layer file names need not be UTF-8), never follows
/// symlinks, and refuses to descend into another filesystem: if a mount survived, deleting through it could
/// destroy whatever it exposes (a volume bind-mounted from the real host, say).
enum TreeRemover {
    static func remove(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw failure(path, errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            guard unlink(path) == 0 else { throw failure(path, errno) }
            return
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno) }
        do {
            try emptyDirectory(descriptor, device: info.st_dev, path: path)
            close(descriptor)
        } catch {
            close(descriptor)
            throw error
        }
        guard rmdir(path) == 0 else { throw failure(path, errno) }
    }

    private static func emptyDirectory(_ directory: Int32, device: dev_t, path: String) throws {
        // A directory without write permission cannot lose entries, even for root under some LSMs.
        _ = fchmod(directory, 0o700)
        for name in try entryNames(directory, path: path) {
            let display = path + "/" + String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            var info = stat()
            guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                if errno == ENOENT { continue }
                throw failure(display, errno)
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard info.st_dev == device else {
                    throw SandboxError.stillMounted(paths: [display])
                }
                let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw failure(display, errno) }
                do {
                    try emptyDirectory(child, device: device, path: display)
                    close(child)
                } catch {
                    close(child)
                    throw error
                }
                guard unlinkat(directory, name, AT_REMOVEDIR) == 0 else { throw failure(display, errno) }
            } else {
                guard unlinkat(directory, name, 0) == 0 else { throw failure(display, errno) }
            }
        }
    }

    /// The entries of an open directory as NUL-terminated byte strings, without `.` and `..`.
    private static func entryNames(_ directory: Int32, path: String) throws -> [[CChar]] {
        let copy = dup(directory)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw failure(path, errno)
        }
        defer { closedir(stream) }
        var names: [[CChar]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [CChar] in
                let bytes = raw.prefix { $0 != 0 }.map { CChar(bitPattern: $0) }
                return bytes + [0]
            }
            if name == [46, 0] || name == [46, 46, 0] { continue }
            names.append(name)
        }
        return names
    }

    private static func failure(_ path: String, _ code: Int32) -> SandboxError {
        .removalFailed(path: path, reason: String(cString: strerror(code)))
    }
}
