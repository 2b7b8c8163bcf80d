import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Free space as `df` shows it (`f_bavail`: what is left after the reserve for root).
enum FreeSpace {
    /// Free bytes on the filesystem that holds `path`, or would hold it once created (its nearest existing
    /// ancestor); nil if even `/` cannot be asked.
    static func available(near path: String) -> UInt64? {
        var candidate = path
        while !FileManager.default.fileExists(atPath: candidate) && candidate != "/" && !candidate.isEmpty {
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        var info = statvfs()
        guard statvfs(candidate.isEmpty ? "/" : candidate, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }
}
