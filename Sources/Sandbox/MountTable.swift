import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Mounts a dockerd leaves behind when it dies uncleanly (its data-root bind mount, overlay mounts, netns
/// files), found in /proc/self/mounts and detached so the tree can be deleted.
enum MountTable {
    /// Lazily detaches every mount at or below `path`; throws naming any that stay.
    static func unmountAll(under path: String) throws {
        // Stacked mounts on one point take one detach each; a few rounds are plenty.
        for _ in 0..<8 {
            let points = MountEntry.mountPoints(under: path)
            if points.isEmpty { return }
            for point in points { _ = umount2(point, Int32(MNT_DETACH)) }
        }
        let left = MountEntry.mountPoints(under: path)
        if !left.isEmpty { throw SandboxError.stillMounted(paths: left) }
    }
}
