/// Totals with shared layers counted once.
public struct InventoryTotals: Codable, Sendable, Hashable {
    public var images: Int
    public var taggedImages: Int
    public var danglingImages: Int
    public var uniqueLayers: Int
    /// Driver size of every distinct layer, counted once however many images share it.
    public var uniqueLayerBytes: UInt64
    /// Bytes an export of all tagged images writes: each distinct layer tar once, plus the image configs.
    public var exportBytesTagged: UInt64
    /// The same for every image, untagged ones included.
    public var exportBytesAll: UInt64
    public var containers: Int
    public var volumes: Int
    public var volumeBytes: UInt64
}
