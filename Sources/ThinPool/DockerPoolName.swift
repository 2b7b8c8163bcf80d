import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// The name of the thin pool a devicemapper Docker uses, derived exactly as dockerd derives it
/// (moby daemon/graphdriver/devmapper/deviceset.go):
/// - with `dm.thinpooldev=<dev>` (direct-lvm): `<dev>` without a leading `/dev/mapper/`;
/// - otherwise (loop-lvm): `docker-<major>:<minor>-<inode>-pool` from `stat(<data-root>/devicemapper)`.
public enum DockerPoolName {
    /// Docker's loop-lvm pool name for a `devicemapper` directory with this st_dev and st_ino.
    /// Uses Docker's own major/minor split (`(dev >> 8) & 0xfff`, `(dev & 0xff) | ((dev >> 12) & 0xfff00)`),
    /// not glibc's, so the name matches dockerd's byte for byte even for the rare majors above 4095.
    public static func loopLVM(device: UInt64, inode: UInt64) -> String {
        let major = (device >> 8) & 0xfff
        let minor = (device & 0xff) | ((device >> 12) & 0xfff00)
        return loopLVM(deviceMajor: major, deviceMinor: minor, inode: inode)
    }

    public static func loopLVM(deviceMajor: UInt64, deviceMinor: UInt64, inode: UInt64) -> String {
        "docker-\(deviceMajor):\(deviceMinor)-\(inode)-pool"
    }

    /// Docker's loop-lvm pool name for the data root `dataRoot` (a host path, e.g. /var/lib/docker),
    /// from the live `stat` of its `devicemapper` directory. Only meaningful on the host that ran
    /// dockerd: a copied data root has another device and inode.
    public static func loopLVM(dataRoot: String, host: HostRoot = .live) throws(ThinPoolError) -> String {
        let path = host.resolve(dataRoot + "/devicemapper")
        var facts = try stat(path)
        if facts.isSymbolicLink {
            // dockerd stat()s, following links; FileFacts lstat()s.
            guard let resolved = realpath(path, nil) else {
                let reason = String(cString: strerror(errno))
                throw .devicemapperDirectoryUnreadable(
                    path: path, reason: "it is a symbolic link that cannot be resolved: \(reason)")
            }
            defer { free(resolved) }
            facts = try stat(String(cString: resolved))
        }
        guard facts.isDirectory else {
            throw .devicemapperDirectoryUnreadable(path: path, reason: "it is not a directory")
        }
        return loopLVM(device: facts.device, inode: facts.inode)
    }

    /// The pool name a `dm.thinpooldev` value stands for: "/dev/mapper/docker-thinpool" -> "docker-thinpool".
    public static func thinPoolDevice(_ value: String) throws(ThinPoolError) -> String {
        let trimmed = value.trimmingWhitespace()
        let name = trimmed.hasPrefix("/dev/mapper/") ? String(trimmed.dropFirst("/dev/mapper/".count)) : trimmed
        guard !name.isEmpty else { throw .invalidThinPoolDevice(value: value, reason: "it is empty") }
        guard !name.contains("/") else {
            throw .invalidThinPoolDevice(
                value: value, reason: "\(name) is a path, not a device-mapper name (only /dev/mapper/ is stripped)")
        }
        guard name.utf8.count < 128 else {
            throw .invalidThinPoolDevice(value: value, reason: "device-mapper names are at most 127 bytes")
        }
        return name
    }

    /// The pool a dockerd with these `--storage-opt` values (`key=value`, e.g. from daemon.json's
    /// storage-opts) and this data root uses. Keys compare case-insensitively, as dockerd's do.
    public static func resolve(dataRoot: String, storageOptions: [String], host: HostRoot = .live)
        throws(ThinPoolError) -> String
    {
        for option in storageOptions.reversed() {
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, String(parts[0]).trimmingWhitespace().lowercased() == "dm.thinpooldev" else {
                continue
            }
            // dockerd applies options in order, so the last dm.thinpooldev wins; an empty one means loop-lvm.
            let value = String(parts[1])
            if value.trimmingWhitespace().isEmpty { break }
            return try thinPoolDevice(value)
        }
        return try loopLVM(dataRoot: dataRoot, host: host)
    }

    private static func stat(_ path: String) throws(ThinPoolError) -> FileFacts {
        let facts: FileFacts?
        do {
            facts = try FileFacts.of(path)
        } catch {
            throw .devicemapperDirectoryUnreadable(path: path, reason: "\(error)")
        }
        guard let facts else { throw .devicemapperDirectoryMissing(path: path) }
        return facts
    }
}
