import HostConfig

/// The Docker installation: version, data root, driver and options, and where each setting came from.
public struct DockerSummary: Codable, Sendable {
    public var version: String?
    /// `daemon` (asked the running dockerd) or `binary` (ran `dockerd --version`); nil when neither was possible.
    public var versionSource: String?
    public var apiVersion: String?
    public var daemonRunning: Bool
    /// Why the daemon was not asked, when it was not.
    public var daemonNote: String?
    /// The data root as a host path (`/var/lib/docker`).
    public var dataRoot: String
    public var storageDriver: String?
    /// `daemon`, `configuration` or `image-store` (guessed from which image/<driver>/ exists).
    public var storageDriverSource: String?
    public var storageOptions: [StorageOption]
    public var configuration: DockerConfiguration

    public struct StorageOption: Codable, Sendable, Hashable {
        public var option: String
        public var source: ConfigSource
    }
}
