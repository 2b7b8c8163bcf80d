import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// One image this module attached to a loop device and mounted, and what takes it down again.
///
/// The filesystem is mounted in a private mount namespace held by a small process of ours (`unshare --mount`,
/// then `cat` waiting on its standard input), and read through `/proc/<pid>/root`. Mounted in the host's
/// namespace, every namespace created meanwhile (runc's containers, dockerd's `docker-untar`, systemd units
/// with private mounts) would take a copy of the mount and keep the filesystem and its loop device busy after
/// our umount. The loop device is detached lazily as soon as it is mounted, so it goes by itself when the
/// namespace does: when we close the holder's input, and also when this process dies (the pipe closes).
struct LoopAttachment: Sendable {
    let loopDevice: String
    let image: String
    /// The directory the holder mounts on, a path in the host's namespace where nothing is mounted.
    let mountPoint: String
    let holder: NamespaceHolder
    let runner: CommandRunner

    /// The mounted filesystem, seen through the holder's namespace.
    var visiblePath: String { "/proc/\(holder.pid)/root\(mountPoint)" }

    /// Ends the holder (and with it the namespace and the mount), waits until the loop device lets go of the
    /// image, and removes the mount point; nil when all of that worked, else what is left.
    func release() async -> PoolFilesError? {
        var problems: [String] = []
        if await !holder.end() { problems.append("the mount holder process \(holder.pid)") }
        if await !LoopRelease.wait(loopDevice: loopDevice, image: image, runner: runner) {
            problems.append("the loop device \(loopDevice) (it still holds \(image))")
        }
        ScratchDirectory.removeEmpty(mountPoint)
        guard !problems.isEmpty else { return nil }
        return .cleanupFailed(what: problems.joined(separator: " and "), message: "they are still in use")
    }
}
