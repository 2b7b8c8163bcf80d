import DockerState

/// One container and what its writable layer holds.
public struct ContainerEntry: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// The reference it was created from (`Config.Image`).
    public var image: String?
    public var imageID: Digest?
    public var state: String
    public var driver: String?
    /// Bytes in the writable layer, when the driver or the daemon can tell.
    public var writableLayerBytes: UInt64?
}
