import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `stat(2)` says about one path, in the terms an operator needs.
public struct FileFacts: Sendable, Hashable {
    /// The size `ls -l` shows; for a sparse loop file this is the size it claims.
    public let apparentBytes: UInt64
    /// The bytes really allocated on disk (st_blocks * 512); what a sparse file costs.
    public let allocatedBytes: UInt64
    public let isDirectory: Bool
    public let isRegularFile: Bool
    public let isSymbolicLink: Bool
    public let device: UInt64
    public let inode: UInt64
    public let mode: UInt32
    public let modificationTime: Date

    /// `lstat` of `path`; nil when it does not exist. Other failures (permission) throw.
    public static func of(_ path: String) throws -> FileFacts? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw HostSystemError.fileUnreadable(path: path, reason: String(cString: strerror(code)))
        }
        let kind = info.st_mode & S_IFMT
        return FileFacts(
            apparentBytes: UInt64(max(0, info.st_size)),
            allocatedBytes: UInt64(max(0, info.st_blocks)) * 512,
            isDirectory: kind == S_IFDIR,
            isRegularFile: kind == S_IFREG,
            isSymbolicLink: kind == S_IFLNK,
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            mode: UInt32(info.st_mode),
            modificationTime: Date(
                timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        )
    }

    /// major(st_dev) as Linux encodes it.
    public var deviceMajor: UInt64 { ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff)) }
    /// minor(st_dev) as Linux encodes it.
    public var deviceMinor: UInt64 { (device & 0xff) | ((device >> 12) & ~UInt64(0xff)) }
}
