/// One named volume.
public struct VolumeEntry: Codable, Sendable, Hashable {
    public var name: String
    public var driver: String
    /// A host path.
    public var mountpoint: String
    public var bytes: UInt64?
}
