/// A key given both as a dockerd flag and in daemon.json: dockerd refuses to start until one is removed.
public struct ConfigConflict: Codable, Sendable, Equatable {
    public var key: String
    /// The daemon.json source first, then every flag source that sets the same key.
    public var sources: [ConfigSource]
    public var message: String

    public init(key: String, sources: [ConfigSource], message: String) {
        self.key = key
        self.sources = sources
        self.message = message
    }
}
