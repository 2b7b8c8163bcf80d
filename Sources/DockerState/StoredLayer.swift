/// One read-only layer as layerdb keeps it under `layerdb/sha256/<chainID>/`.
public struct StoredLayer: Sendable, Hashable {
    public let chainID: Digest
    public let diffID: Digest
    /// The driver's size of the layer's content (Docker's `size` file), not the tar size.
    public let size: UInt64?
    /// The storage driver's name for the layer (a directory for overlay2/vfs, a device hash for devicemapper).
    public let cacheID: String
    public let parent: Digest?
    /// `tar-split.json.gz`, from which the exact layer tar can be rebuilt; nil when the file is absent.
    public let tarSplitPath: String?
    public let directory: String

    public init(
        chainID: Digest, diffID: Digest, size: UInt64?, cacheID: String, parent: Digest?, tarSplitPath: String?,
        directory: String
    ) {
        self.chainID = chainID
        self.diffID = diffID
        self.size = size
        self.cacheID = cacheID
        self.parent = parent
        self.tarSplitPath = tarSplitPath
        self.directory = directory
    }
}
