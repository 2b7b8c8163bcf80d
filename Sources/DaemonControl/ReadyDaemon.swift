import DockerEngine

/// A dockerd that answers `/_ping` and `info` (with the expected storage driver, when one was asked for).
public struct ReadyDaemon: Sendable {
    /// A client already negotiated with the daemon, for the steps that follow.
    public let client: EngineClient
    public let info: EngineInfo

    public init(client: EngineClient, info: EngineInfo) {
        self.client = client
        self.info = info
    }

    public var driver: String { info.Driver }
    public var dataRoot: String { info.DockerRootDir }
    public var serverVersion: String? { info.ServerVersion }
}
