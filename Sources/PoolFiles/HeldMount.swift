import Foundation
import HostSystem
import ThinPool

#if canImport(Glibc)
    import Glibc
#endif

/// One read-only mount this module holds, and the device under it: a loop device over a rebuilt device image
/// (no device-mapper), or a read-only thin device activated through libdevmapper.
///
/// The filesystem is mounted in a private mount namespace held by a small process of ours (`unshare --mount`,
/// then `cat` waiting on its standard input), and read through `/proc/<pid>/root`. Mounted in the host's
/// namespace, every namespace created meanwhile (runc's containers, dockerd's `docker-untar`, systemd units
/// with private mounts) would take a copy of the mount and keep the filesystem and its device busy after our
/// umount. A loop device is detached lazily as soon as it is mounted, so it goes by itself when the namespace
/// does: when we close the holder's input, and also when this process dies (the pipe closes). A thin device
/// must be removed by us once the namespace is gone.
struct HeldMount: Sendable {
    enum Device: Sendable {
        case loop(device: String, image: String)
        /// A device-mapper device of ours, by name.
        case mapped(name: String)

        /// What it is, for messages.
        var label: String {
            switch self {
            case .loop(let device, let image): "the loop device \(device) (it still holds \(image))"
            case .mapped(let name): "the device-mapper device \(name)"
            }
        }
    }

    let device: Device
    /// The directory the holder mounts on, a path in the host's namespace where nothing is mounted.
    let mountPoint: String
    let holder: NamespaceHolder
    let runner: CommandRunner

    /// The mounted filesystem, seen through the holder's namespace.
    var visiblePath: String { "/proc/\(holder.pid)/root\(mountPoint)" }

    /// Ends the holder (and with it the namespace and the mount), lets the device go, and removes the mount
    /// point; nil when all of that worked, else what is left.
    func release() async -> PoolFilesError? {
        var problems: [String] = []
        if await !holder.end() { problems.append("the mount holder process \(holder.pid)") }
        if await !Self.letGo(device, runner: runner) { problems.append(device.label) }
        ScratchDirectory.removeEmpty(mountPoint)
        guard !problems.isEmpty else { return nil }
        return .cleanupFailed(what: problems.joined(separator: " and "), message: "they are still in use")
    }

    /// Detaches the loop device (or waits for its lazy detach), or removes the thin device; true once it is gone.
    /// The namespace's mount goes a moment after its last process exits, so a thin device may be busy that long.
    static func letGo(_ device: Device, runner: CommandRunner, seconds: Double = 15) async -> Bool {
        switch device {
        case .loop(let loop, let image):
            return await LoopRelease.wait(loopDevice: loop, image: image, runner: runner, seconds: seconds)
        case .mapped(let name):
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                do {
                    try DeviceMapperClient().removeDevice(name)
                    return true
                } catch {
                    if Date() >= deadline { return false }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }
}
