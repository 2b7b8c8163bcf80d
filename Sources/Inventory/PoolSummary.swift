/// The devicemapper thin pool behind a devicemapper data root.
public struct PoolSummary: Codable, Sendable, Hashable {
    public enum Mode: String, Codable, Sendable {
        /// Sparse data/metadata files on loop devices: Docker's default, the one that fills up.
        case loopLVM = "loop-lvm"
        /// An LVM thin pool on a block device (`dm.thinpooldev`).
        case directLVM = "direct-lvm"
    }

    public struct BackingFile: Codable, Sendable, Hashable {
        /// A host path.
        public var path: String
        public var exists: Bool
        public var apparentBytes: UInt64?
        public var allocatedBytes: UInt64?
    }

    /// Live numbers, from libdevmapper or, failing that, from the daemon's `docker info`; for a stopped pool
    /// that neither can tell, the data usage from its metadata file (thin_dump).
    public struct Usage: Codable, Sendable, Hashable {
        /// `libdevmapper`, `daemon` or `pool-files`.
        public var source: String
        public var dataUsedBytes: UInt64?
        public var dataTotalBytes: UInt64?
        public var metadataUsedBytes: UInt64?
        public var metadataTotalBytes: UInt64?
        public var dataFreePercent: Double?
        public var metadataFreePercent: Double?
        /// `rw`, `ro`, `out_of_data_space` or `Fail`, when libdevmapper told.
        public var health: String?
        public var needsCheck: Bool?
        public var transactionID: UInt64?
    }

    /// Where the per-device allocated bytes (`LayerEntry.allocatedBytes`,
    /// `ContainerEntry.writableLayerAllocatedBytes`) came from, or why they are missing.
    public struct Allocation: Codable, Sendable, Hashable {
        /// `pool-files` (thin_dump of the stopped pool's metadata file) or `metadata-snapshot` (thin_dump of a
        /// metadata snapshot the live pool held for the inventory; active devices from their thin status).
        public var source: String?
        /// The pool's data block size: every allocated figure is a multiple of it.
        public var blockSizeBytes: UInt64?
        /// Why the allocated bytes are unknown, in plain words.
        public var unavailable: String?
    }

    public var mode: Mode
    public var poolName: String?
    /// `daemon` (docker info), `thinpooldev` (the storage option) or `derived` (from the data root's device and inode).
    public var poolNameSource: String?
    public var dataFile: BackingFile?
    public var metadataFile: BackingFile?
    public var thinPoolDevice: String?
    public var baseDeviceBytes: UInt64?
    public var baseFilesystem: String?
    /// Thin devices Docker has records for, deleted ones left out.
    public var thinDevices: Int
    public var usage: Usage?
    /// Why live pool status is missing, in plain words (e.g. this kernel has no device-mapper).
    public var liveStatusUnavailable: String?
    /// The daemon's own `docker info` lines about the pool, when it answered.
    public var daemonStatus: [String: String]?
    public var allocation: Allocation?
}
