/// What is known about one block device that direct-lvm might be built on, and what is already on it.
///
/// Facts that could not be found out are nil (with the reason in `notes`), never guessed: a preflight must
/// tell "no signature" from "could not look".
public struct BlockDeviceReport: Sendable, Hashable, Codable {
    public struct Mount: Sendable, Hashable, Codable {
        /// The kernel name of the mounted device: the disk itself or one of its partitions.
        public var device: String
        public var mountPoint: String
        public var fileSystemType: String
    }

    /// The path as given (`/dev/vdb`, `/dev/disk/by-id/...`).
    public var path: String
    public var exists: Bool
    public var isBlockDevice: Bool
    /// The kernel's name for it (`vdb`), from sysfs.
    public var kernelName: String?
    public var major: UInt32?
    public var minor: UInt32?
    public var isPartition: Bool
    /// For a partition, the disk it is on (`vdb` for `vdb1`).
    public var parentDisk: String?
    public var sizeBytes: UInt64?
    public var model: String?
    public var vendor: String?
    public var isReadOnly: Bool
    /// Kernel names of the partitions on this disk.
    public var partitions: [String]
    /// Devices stacked on this one or its partitions (device-mapper, md).
    public var holders: [String]
    public var mounts: [Mount]
    /// Entries of `/proc/swaps` on this disk or its partitions.
    public var swapAreas: [String]
    /// Signatures on the device itself; nil when neither wipefs nor blkid could tell.
    public var signatures: [DeviceSignature]?
    /// PVs on the device or its partitions; nil when lvm could not be asked.
    public var physicalVolumes: [LVMQuery.PhysicalVolume]?
    /// What could not be probed, and lvm's warnings.
    public var notes: [String]

    public init(path: String) {
        self.path = path
        self.exists = false
        self.isBlockDevice = false
        self.isPartition = false
        self.isReadOnly = false
        self.partitions = []
        self.holders = []
        self.mounts = []
        self.swapAreas = []
        self.notes = []
    }

    /// `/dev/<kernel name>`, the name lvm and the mount table use; the given path when sysfs had no name.
    public var devicePath: String { kernelName.map { "/dev/\($0)" } ?? path }

    /// One phrase for each use found, for a device list ("partitions vdb1, vdb2", "mounted at /srv").
    public var usesFound: [String] {
        var uses: [String] = []
        if !partitions.isEmpty { uses.append("partitions " + partitions.joined(separator: ", ")) }
        for mount in mounts { uses.append("\(mount.device) mounted at \(mount.mountPoint) (\(mount.fileSystemType))") }
        for swap in swapAreas { uses.append("swap on \(swap)") }
        if !holders.isEmpty { uses.append("held by " + holders.joined(separator: ", ")) }
        for volume in physicalVolumes ?? [] {
            uses.append("LVM PV \(volume.name)" + (volume.volumeGroup.map { " in VG \($0)" } ?? ""))
        }
        if let signatures, !signatures.isEmpty {
            uses.append("signatures: " + signatures.map(\.description).joined(separator: ", "))
        }
        return uses
    }
}
