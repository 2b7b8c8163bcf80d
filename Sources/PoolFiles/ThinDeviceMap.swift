/// One thin device of the pool: where each of its mapped blocks lives in the data file.
public struct ThinDeviceMap: Sendable, Hashable {
    public let deviceID: Int
    /// The count thin_dump states for the device; `ranges` should add up to it.
    public let mappedBlocks: UInt64
    /// Ordered as thin_dump lists them (by origin block); adjacent single mappings are merged.
    public let ranges: [BlockRange]

    public init(deviceID: Int, mappedBlocks: UInt64, ranges: [BlockRange]) {
        self.deviceID = deviceID
        self.mappedBlocks = mappedBlocks
        self.ranges = ranges
    }

    /// The blocks the ranges cover.
    public var rangeBlockCount: UInt64 { ranges.reduce(0) { $0 + $1.length } }

    /// One past the highest data block used, or 0 for a device with no mappings.
    public var dataBlockEnd: UInt64 { ranges.map(\.dataEnd).max() ?? 0 }

    /// One past the highest device block mapped.
    public var originBlockEnd: UInt64 { ranges.map(\.originEnd).max() ?? 0 }
}
