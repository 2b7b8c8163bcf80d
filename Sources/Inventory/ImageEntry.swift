import DockerState

/// One image with its references and layers.
public struct ImageEntry: Codable, Sendable, Hashable {
    public var id: Digest
    public var tags: [String]
    public var repoDigests: [String]
    public var created: String?
    public var parent: Digest?
    /// No tag, no digest and no child image: `docker images -f dangling=true` lists it.
    public var dangling: Bool
    /// No reference but a parent of another image: a legacy builder's intermediate step.
    public var intermediate: Bool
    public var layers: [LayerEntry]
    /// Sum of the layers' driver sizes, as `docker image inspect` reports `Size`.
    public var size: UInt64?
    /// Sum of the layers' exact tar sizes: what exporting this image alone writes.
    public var tarSize: UInt64?
    /// Bytes of the image's config (imagedb/content), which an export copies verbatim.
    public var configSize: UInt64?
}

/// One layer of an image.
public struct LayerEntry: Codable, Sendable, Hashable {
    public var diffID: Digest
    public var chainID: Digest
    public var cacheID: String?
    public var size: UInt64?
    /// The exact size of the layer's tar, computed from tar-split.json.gz without reading layer content.
    public var tarSize: UInt64?
    /// devicemapper only: bytes of pool data blocks mapped by this layer's thin device (mapped blocks x the pool's
    /// block size). A layer's device is a snapshot of the one below, so blocks shared with lower layers are
    /// counted again for each device: the sum over layers is not the pool's usage (`pool.usage` counts each
    /// block once). nil when the pool could not be read (`pool.allocation` says why).
    public var allocatedBytes: UInt64? = nil
}
