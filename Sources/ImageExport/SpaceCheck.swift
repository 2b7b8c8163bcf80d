#if canImport(Glibc)
    import Glibc
#endif

/// Checks free space before a byte is written, so an export never fills a disk halfway.
enum SpaceCheck {
    /// Room kept free beyond the exact need: the store's documents, and the filesystem's own overhead.
    static let marginBytes: UInt64 = 16 * 1024 * 1024

    static func require(bytes: UInt64, at path: String) throws {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return }
        let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        if bytes + marginBytes > free {
            throw ExportError.notEnoughSpace(path: path, neededBytes: bytes + marginBytes, freeBytes: free)
        }
    }
}
