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
    /// Bytes in the writable layer, when the driver or the daemon can tell. On devicemapper (where the daemon is
    /// not asked: it mounts every writable layer to measure it) the bytes of the pool blocks the container's thin
    /// device holds apart from its `-init` device below: its changes rounded up to whole blocks, plus the few
    /// blocks the filesystem writes on every mount, so a container that was ever started shows a little.
    public var writableLayerBytes: UInt64?
    /// devicemapper only: bytes of pool data blocks mapped by the container's thin device (mapped blocks x the
    /// pool's block size), the image's blocks it shares included (see `LayerEntry.allocatedBytes`).
    public var writableLayerAllocatedBytes: UInt64? = nil
}
