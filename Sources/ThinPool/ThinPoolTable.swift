/// The table of a `thin-pool` target (the params of one `dmsetup table` line):
/// `<metadata dev> <data dev> <data block size in sectors> <low water mark in blocks> [<n> <feature>...]`,
/// e.g. `7:1 7:0 128 32768 1 skip_block_zeroing` for Docker's loop-lvm pool.
public struct ThinPoolTable: Sendable, Hashable {
    /// The metadata device as the kernel prints it ("major:minor").
    public let metadataDevice: String
    /// The data device as the kernel prints it ("major:minor").
    public let dataDevice: String
    /// Data block size in 512-byte sectors (128 = 64 KiB, Docker's loop-lvm default).
    public let dataBlockSectors: UInt64
    /// Free data blocks below which the kernel raises an event (LVM extends the pool then).
    public let lowWaterMarkBlocks: UInt64
    /// Feature arguments: skip_block_zeroing, ignore_discard, no_discard_passdown, read_only, error_if_no_space.
    public let features: [String]

    public init(
        metadataDevice: String, dataDevice: String, dataBlockSectors: UInt64, lowWaterMarkBlocks: UInt64,
        features: [String]
    ) {
        self.metadataDevice = metadataDevice
        self.dataDevice = dataDevice
        self.dataBlockSectors = dataBlockSectors
        self.lowWaterMarkBlocks = lowWaterMarkBlocks
        self.features = features
    }

    public static let sectorBytes: UInt64 = 512

    public var dataBlockBytes: UInt64 {
        let (bytes, overflow) = dataBlockSectors.multipliedReportingOverflow(by: Self.sectorBytes)
        return overflow ? UInt64.max : bytes
    }

    public var skipsBlockZeroing: Bool { features.contains("skip_block_zeroing") }
    /// Loaded with the read_only feature: the pool was activated read-only on purpose.
    public var isReadOnly: Bool { features.contains("read_only") }

    /// Parses the params of a thin-pool table line (everything after `thin-pool`).
    public static func parse(_ params: String) throws(ThinPoolError) -> ThinPoolTable {
        let fields = StatusFields(what: "thin-pool table", text: params)
        try fields.require(
            atLeast: 4,
            shape: "<metadata dev> <data dev> <data block size> <low water mark> [<feature count> <features>]")
        let blockSectors = try fields.number(2, "data block size")
        guard blockSectors > 0 else { throw fields.failure("the data block size is zero") }
        let lowWaterMark = try fields.number(3, "low water mark")
        var features: [String] = []
        if fields.count > 4 {
            let declared = try fields.number(4, "feature count")
            let given = fields.fields.dropFirst(5).map(String.init)
            guard declared == UInt64(given.count) else {
                throw fields.failure("the feature count says \(declared) but \(given.count) features follow")
            }
            features = given
        }
        return ThinPoolTable(
            metadataDevice: String(fields[0] ?? ""),
            dataDevice: String(fields[1] ?? ""),
            dataBlockSectors: blockSectors,
            lowWaterMarkBlocks: lowWaterMark,
            features: features
        )
    }
}
