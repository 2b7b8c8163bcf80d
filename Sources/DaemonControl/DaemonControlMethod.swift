import HostSystem

/// How dockerd is stopped and started on a host: the plan names one.
public enum DaemonControlMethod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `systemctl stop docker.socket docker.service` (the socket first, so socket activation cannot start the
    /// daemon again), `systemctl start docker.service`.
    case systemd
    /// `service docker stop|start` (sysvinit, upstart).
    case sysv
    /// Explicit commands, for sandboxes, tests and unusual hosts.
    case command(start: Command, stop: Command)

    public var description: String {
        switch self {
        case .systemd: return "systemd"
        case .sysv: return "sysv"
        case .command(let start, let stop): return "command (start: \(start), stop: \(stop))"
        }
    }
}
