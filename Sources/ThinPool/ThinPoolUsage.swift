/// The counters and flags of a thin pool that is not failed: one parsed `thin-pool` status line.
public struct ThinPoolUsage: Sendable, Hashable {
    /// What the pool does with discards.
    public enum Discards: Sendable, Hashable {
        /// "discard_passdown": discards free pool blocks and are passed to the data device.
        case passdown
        /// "no_discard_passdown": discards free pool blocks only.
        case noPassdown
        /// "ignore_discard": discards are ignored.
        case ignored
    }

    /// Metadata blocks are always 4 KiB (the thin-provisioning metadata format's block size).
    public static let metadataBlockBytes: UInt64 = 4096

    /// Bumped by userspace (Docker, LVM) on every metadata change; Docker keeps its copy in
    /// `devicemapper/metadata/transaction-metadata`.
    public let transactionID: UInt64
    /// In 4 KiB metadata blocks.
    public let metadata: BlockUsage
    /// In data blocks, whose size is in the pool's table line.
    public let data: BlockUsage
    /// The held metadata snapshot's root block, when userspace has taken one ("-" means none).
    public let heldMetadataRoot: UInt64?
    public let discards: Discards
    /// Whether writes fail at once when out of space ("error_if_no_space") rather than queue.
    public let errorIfNoSpace: Bool
    /// The metadata is flagged for thin_check ("needs_check").
    public let needsCheck: Bool
    /// Free metadata blocks below which the kernel raises an event; absent on older kernels.
    public let metadataLowWatermark: UInt64?
    /// Fields after the low watermark, from kernels newer than this parser; kept, not interpreted.
    public let additionalFields: [String]

    public init(
        transactionID: UInt64, metadata: BlockUsage, data: BlockUsage, heldMetadataRoot: UInt64?,
        discards: Discards, errorIfNoSpace: Bool, needsCheck: Bool, metadataLowWatermark: UInt64?,
        additionalFields: [String] = []
    ) {
        self.transactionID = transactionID
        self.metadata = metadata
        self.data = data
        self.heldMetadataRoot = heldMetadataRoot
        self.discards = discards
        self.errorIfNoSpace = errorIfNoSpace
        self.needsCheck = needsCheck
        self.metadataLowWatermark = metadataLowWatermark
        self.additionalFields = additionalFields
    }

    public var discardPassdown: Bool { discards == .passdown }
}
