import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A sha256 over a directory tree, to prove that a volume holds the same bytes before and after a migration.
///
/// Every entry, the top directory included, is hashed in a fixed order (depth first, names sorted by their
/// bytes) as: type, relative path, permission bits (with setuid, setgid, sticky), uid, gid, size, and then the
/// content of a regular file (streamed), the target of a symbolic link, or the device number of a device.
/// Symbolic links are never followed. Times, inode numbers, hard-link sharing and extended attributes are not
/// part of it: a faithful copy (`cp -a`) gives the same digest.
public enum VolumeDigest {
    /// `sha256:<hex>` of the tree at `path` (not followed if it is a symbolic link). Take it with the volume
    /// not in use (dockerd stopped): a file that changes while it is read is reported, not hashed.
    public static func compute(path: String) throws -> String {
        let root = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { throw failure(path, errno) }
        defer { close(root) }
        let hasher = TreeHasher()
        var info = stat()
        guard fstat(root, &info) == 0 else { throw failure(path, errno) }
        hasher.header(kind: "d", path: Array(".".utf8), info: info, size: 0)
        try hasher.walk(directory: root, relative: [], displayPath: path)
        return "sha256:" + hasher.finish()
    }

    static func failure(_ path: String, _ code: Int32) -> ContainerCarryError {
        .volumeUnreadable(path: path, reason: String(cString: strerror(code)))
    }
}

/// The walk's state: the running hash and one reusable read buffer.
private final class TreeHasher {
    private var sha = SHA256()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    deinit { buffer.deallocate() }

    func finish() -> String {
        sha.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Type byte, then length-prefixed path, then mode, owner and size: no two different entries hash alike.
    func header(kind: Character, path: [UInt8], info: stat, size: UInt64) {
        var bytes: [UInt8] = [UInt8(ascii: kind.unicodeScalars.first ?? "?")]
        append(UInt64(path.count), to: &bytes)
        bytes += path
        append(UInt64(info.st_mode & 0o7777), to: &bytes)
        append(UInt64(info.st_uid), to: &bytes)
        append(UInt64(info.st_gid), to: &bytes)
        append(size, to: &bytes)
        sha.update(data: bytes)
    }

    func walk(directory: Int32, relative: [UInt8], displayPath: String) throws {
        for name in try names(in: directory, displayPath: displayPath) {
            let path = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
            let display = displayPath + "/" + String(decoding: name, as: UTF8.self)
            let cName = name.map { CChar(bitPattern: $0) } + [0]
            var info = stat()
            guard fstatat(directory, cName, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw VolumeDigest.failure(display, errno)
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                header(kind: "d", path: path, info: info, size: 0)
                let child = openat(directory, cName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw VolumeDigest.failure(display, errno) }
                defer { close(child) }
                try walk(directory: child, relative: path, displayPath: display)
            case S_IFREG:
                header(kind: "f", path: path, info: info, size: UInt64(info.st_size))
                try content(of: cName, in: directory, size: UInt64(info.st_size), displayPath: display)
            case S_IFLNK:
                let target = try linkTarget(cName, in: directory, displayPath: display)
                header(kind: "l", path: path, info: info, size: UInt64(target.count))
                sha.update(data: target)
            case S_IFCHR, S_IFBLK:
                header(
                    kind: info.st_mode & S_IFMT == S_IFCHR ? "c" : "b", path: path, info: info,
                    size: UInt64(info.st_rdev))
            case S_IFIFO:
                header(kind: "p", path: path, info: info, size: 0)
            default:
                header(kind: "s", path: path, info: info, size: 0)
            }
        }
    }

    /// Entry names as raw bytes (Linux names need not be UTF-8), sorted bytewise.
    private func names(in directory: Int32, displayPath: String) throws -> [[UInt8]] {
        let copy = dup(directory)
        guard copy >= 0, let stream = fdopendir(copy) else {
            let code = errno
            if copy >= 0 { close(copy) }
            throw VolumeDigest.failure(displayPath, code)
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw VolumeDigest.failure(displayPath, errno) }
                break
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { pointer in
                    UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }
                }
            }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private func content(of name: [CChar], in directory: Int32, size: UInt64, displayPath: String) throws {
        let file = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else { throw VolumeDigest.failure(displayPath, errno) }
        defer { close(file) }
        var total: UInt64 = 0
        while true {
            let count = read(file, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw VolumeDigest.failure(displayPath, errno)
            }
            if count == 0 { break }
            sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += UInt64(count)
        }
        guard total == size else {
            throw ContainerCarryError.volumeUnreadable(
                path: displayPath, reason: "it changed while being read (\(size) bytes, then \(total)): it is in use")
        }
    }

    private func linkTarget(_ name: [CChar], in directory: Int32, displayPath: String) throws -> [UInt8] {
        var capacity = 256
        while true {
            var target = [CChar](repeating: 0, count: capacity)
            let count = readlinkat(directory, name, &target, capacity)
            if count < 0 { throw VolumeDigest.failure(displayPath, errno) }
            if count < capacity { return target.prefix(count).map { UInt8(bitPattern: $0) } }
            capacity *= 4
        }
    }

    private func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
