import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `stat(2)` (following links, so `/dev/disk/by-id/...` works) says about a device path.
struct DeviceNode: Sendable, Hashable {
    let isBlockDevice: Bool
    /// The device number a block device node stands for (st_rdev); zero for other files.
    let major: UInt32
    let minor: UInt32

    /// nil when nothing exists at `path`.
    static func of(_ path: String) -> DeviceNode? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let isBlock = (info.st_mode & S_IFMT) == S_IFBLK
        let device = UInt64(info.st_rdev)
        // Linux's encoding of dev_t (major(3)/minor(3) are macros Swift does not import).
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        return DeviceNode(
            isBlockDevice: isBlock, major: isBlock ? UInt32(truncatingIfNeeded: major) : 0,
            minor: isBlock ? UInt32(truncatingIfNeeded: minor) : 0)
    }
}
