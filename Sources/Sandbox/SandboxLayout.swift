/// Where a sandbox keeps each of its files: laid out as a host root, so drivershift can be pointed at it
/// with `--host-root` and find `/etc/docker/daemon.json`, `/var/lib/docker` and `/run/docker.sock` as on a host.
public struct SandboxLayout: Sendable, Codable, Hashable {
    /// The fake host root (canonical absolute path).
    public let directory: String
    /// `<dir>/etc/docker/daemon.json`: only `storage-driver`, never a path (it would be read as a host path).
    public let configFile: String
    public let dataRoot: String
    public let execRoot: String
    public let socketPath: String
    public let pidFile: String
    public let logPath: String
    /// DOCKER_CONFIG for the client, so `~/.docker` is never read or written.
    public let cliConfigDirectory: String
    /// A short directory under /tmp that holds the exec root and socket when `directory` is too long for them.
    public let shortDirectory: String?

    /// `sun_path` holds 108 bytes including the NUL; keep a margin.
    public static let socketPathLimit = 100
    /// The longest socket path dockerd's containerd creates under the exec root.
    static let longestExecRootSocket = "/containerd/containerd-debug.sock"
    static let recordName = ".drivershift-sandbox.json"

    public init(directory: String, shortDirectory: String? = nil) {
        self.directory = directory
        self.configFile = directory + "/etc/docker/daemon.json"
        self.dataRoot = directory + "/var/lib/docker"
        self.pidFile = directory + "/run/docker.pid"
        self.logPath = directory + "/var/log/dockerd.log"
        self.cliConfigDirectory = directory + "/.docker-cli"
        self.shortDirectory = shortDirectory
        if let shortDirectory {
            self.execRoot = shortDirectory + "/exec"
            self.socketPath = shortDirectory + "/docker.sock"
        } else {
            self.execRoot = directory + "/run/docker"
            self.socketPath = directory + "/run/docker.sock"
        }
    }

    /// True when the in-tree exec root or socket would exceed the unix socket path limit.
    public static func needsShortDirectory(for directory: String) -> Bool {
        let inTree = SandboxLayout(directory: directory)
        let longest = max(
            (inTree.execRoot + longestExecRootSocket).utf8.count,
            inTree.socketPath.utf8.count)
        return longest > socketPathLimit
    }

    public var hostURL: String { "unix://" + socketPath }

    /// The sandbox's own bookkeeping (paths, driver), read back by `DockerSandbox.attach`.
    public var recordPath: String { directory + "/" + SandboxLayout.recordName }

    /// dockerd's argv after the executable. The driver comes from daemon.json, exactly as on a host.
    public var daemonArguments: [String] {
        [
            "--config-file", configFile,
            "--data-root", dataRoot,
            "--exec-root", execRoot,
            "--host", hostURL,
            "--pidfile", pidFile,
            // No bridge, NAT or iptables: the sandbox must not touch the host's network.
            "--bridge=none",
            "--iptables=false",
            "--ip-masq=false",
        ]
    }

    /// Directories created before the first start; dockerd makes the data and exec roots itself, as on a host.
    var directoriesToCreate: [String] {
        [
            directory + "/etc/docker",
            directory + "/run",
            directory + "/var/log",
            cliConfigDirectory,
        ]
    }
}
