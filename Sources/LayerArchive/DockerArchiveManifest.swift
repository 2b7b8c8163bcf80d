/// One entry of `docker save`'s manifest.json, which `docker load` reads.
public struct DockerArchiveManifest: Codable, Sendable, Equatable {
    /// `blobs/sha256/<image ID hex>`.
    public var Config: String
    public var RepoTags: [String]?
    /// `blobs/sha256/<diffID hex>`, in the order of the config's diff_ids.
    public var Layers: [String]
    /// The image ID of the parent, when it is in the same store; `docker load` restores the link.
    public var Parent: String?

    public init(Config: String, RepoTags: [String]?, Layers: [String], Parent: String? = nil) {
        self.Config = Config
        self.RepoTags = RepoTags
        self.Layers = Layers
        self.Parent = Parent
    }
}
