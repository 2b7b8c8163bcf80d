/// Where the daemon listens: a Unix socket path parsed from a Docker-style `--host` value.
public struct EngineEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let socketPath: String

    public static let defaultSocket = "/var/run/docker.sock"

    /// Accepts `unix:///path`, `unix://path` and a bare absolute path.
    public init(host: String) throws {
        if host.hasPrefix("unix://") {
            let path = String(host.dropFirst("unix://".count))
            guard path.hasPrefix("/") else { throw EngineError.unsupportedHost(host) }
            socketPath = path
        } else if host.hasPrefix("/") {
            socketPath = host
        } else {
            throw EngineError.unsupportedHost(host)
        }
    }

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    public var description: String { "unix://\(socketPath)" }
}
