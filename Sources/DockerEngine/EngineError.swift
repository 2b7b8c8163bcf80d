/// Why the Docker Engine API could not be used; each case says what to check next.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case socketMissing(socket: String)
    case daemonNotListening(socket: String, reason: String)
    case permissionDenied(socket: String)
    case noAnswer(socket: String, seconds: Int)
    case unsupportedHost(String)
    case apiError(endpoint: String, status: Int, message: String)
    case undecodable(endpoint: String, reason: String)
    case transport(socket: String, reason: String)
    case apiTooOld(server: String, minimum: String)

    public var description: String {
        switch self {
        case .socketMissing(let socket):
            return "no Docker daemon socket at \(socket): dockerd is not running (or listens elsewhere; give --host). "
                + "drivershift can still read a stopped host from disk: use --offline."
        case .daemonNotListening(let socket, let reason):
            return "nothing answers on \(socket) (\(reason)): dockerd is not running. Start it, or use --offline "
                + "to read the data root from disk."
        case .permissionDenied(let socket):
            return "permission denied on \(socket): run drivershift as root (or as a member of the docker group)."
        case .noAnswer(let socket, let seconds):
            return "the Docker daemon at \(socket) accepted the connection but did not answer within \(seconds) s: "
                + "it is hung or overloaded (a full devicemapper pool does this). Use --offline to read the data root "
                + "from disk instead."
        case .unsupportedHost(let host):
            return "unsupported --host \(host): drivershift works on the host itself and talks to dockerd over its "
                + "Unix socket (unix:///var/run/docker.sock)."
        case .apiError(let endpoint, let status, let message):
            return "the Docker daemon refused \(endpoint) (HTTP \(status)): \(message)"
        case .undecodable(let endpoint, let reason):
            return "the Docker daemon's answer to \(endpoint) could not be read: \(reason)"
        case .transport(let socket, let reason):
            return "talking to the Docker daemon at \(socket) failed: \(reason)"
        case .apiTooOld(let server, let minimum):
            return "the daemon speaks Engine API \(server); drivershift needs at least \(minimum) (Docker 1.13)."
        }
    }
}
