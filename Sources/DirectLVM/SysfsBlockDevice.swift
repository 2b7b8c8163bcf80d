import Foundation
import HostSystem

/// One block device as `/sys/class/block/<name>` describes it.
struct SysfsBlockDevice {
    let name: String
    let hostRoot: HostRoot

    var directory: String { hostRoot.resolve("/sys/class/block/\(name)") }

    /// The kernel name of the device numbered `major:minor`, from the `/sys/dev/block` link; nil when absent.
    static func name(major: UInt32, minor: UInt32, hostRoot: HostRoot) -> String? {
        let link = hostRoot.resolve("/sys/dev/block/\(major):\(minor)")
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else { return nil }
        let name = (target as NSString).lastPathComponent
        return name.isEmpty ? nil : name
    }

    /// Every block device the kernel lists, disks and partitions alike, sorted by name.
    static func allNames(hostRoot: HostRoot) -> [String] {
        let directory = hostRoot.resolve("/sys/class/block")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    var exists: Bool { FileManager.default.fileExists(atPath: directory) }

    /// Partitions have a `partition` file holding their number; whole disks do not.
    var isPartition: Bool { FileManager.default.fileExists(atPath: directory + "/partition") }

    /// `size` counts 512-byte sectors whatever the device's logical block size.
    var sizeBytes: UInt64? { read("size").flatMap { UInt64($0) }.map { $0 * 512 } }

    var isReadOnly: Bool { read("ro") == "1" }

    var model: String? { read("device/model") }

    var vendor: String? { read("device/vendor") }

    /// `dev` holds `major:minor`.
    var numbers: (major: UInt32, minor: UInt32)? {
        guard let text = read("dev") else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let major = UInt32(parts[0]), let minor = UInt32(parts[1]) else { return nil }
        return (major, minor)
    }

    /// The partitions of a disk are the subdirectories that have a `partition` file.
    var partitions: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: "\(directory)/\($0)/partition") }.sorted()
    }

    /// Devices built on top of this one (device-mapper, md RAID, bcache).
    var holders: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/holders")) ?? []).sorted()
    }

    /// For a partition, the disk it is on: its sysfs directory sits inside the disk's.
    var parentDisk: String? {
        guard isPartition else { return nil }
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath()
        let parent = real.deletingLastPathComponent().lastPathComponent
        return parent.isEmpty || parent == "block" ? nil : parent
    }

    /// One attribute file, trimmed; nil when missing or empty.
    func read(_ attribute: String) -> String? {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(attribute)") else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
