import DockerEngine
import HostSystem

/// What the operator asked the inventory to look at.
public struct InventoryOptions: Sendable {
    public var hostRoot: HostRoot
    /// A host path; nil means the daemon's or the configuration's data root.
    public var dataRoot: String?
    /// A Docker-style `--host` address used as given; nil means the host's default socket.
    public var host: String?
    /// Never contact the daemon: read everything from disk.
    public var offline: Bool
    /// Seconds one Engine API request may take.
    public var timeoutSeconds: Int

    public init(
        hostRoot: HostRoot = .live, dataRoot: String? = nil, host: String? = nil, offline: Bool = false,
        timeoutSeconds: Int = 15
    ) {
        self.hostRoot = hostRoot
        self.dataRoot = dataRoot
        self.host = host
        self.offline = offline
        self.timeoutSeconds = timeoutSeconds
    }

    /// The daemon's socket: `--host` as given, else the default socket under the host root.
    public func endpoint() throws -> EngineEndpoint {
        if let host { return try EngineEndpoint(host: host) }
        return EngineEndpoint(socketPath: hostRoot.resolve(EngineEndpoint.defaultSocket))
    }
}
