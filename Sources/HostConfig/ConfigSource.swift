/// One place dockerd's configuration comes from: a file and, for a setting, the variable and line in it.
public struct ConfigSource: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case daemonJSON
        case systemdUnit
        case systemdDropIn
        case sysconfigDocker
        case sysconfigDockerStorage
        /// The input of container-storage-setup, not of dockerd: it regenerates docker-storage at boot.
        case sysconfigStorageSetup
        case defaultDocker
        /// Any other file named by the unit's `EnvironmentFile=` (e.g. /etc/sysconfig/docker-network).
        case environmentFile
    }

    public var kind: Kind
    /// The path on the host (`/etc/sysconfig/docker-storage`), never its location under a test root.
    public var path: String
    /// The shell or systemd variable that carries the setting (`DOCKER_STORAGE_OPTIONS`).
    public var variable: String?
    /// 1-based line of the assignment, the `ExecStart=` or the daemon.json key.
    public var line: Int?
    /// Whether dockerd really reads this place. For storage setup: whether a container-storage-setup unit
    /// exists to read it at boot (it then rewrites /etc/sysconfig/docker-storage).
    public var inEffect: Bool

    public init(kind: Kind, path: String, variable: String? = nil, line: Int? = nil, inEffect: Bool) {
        self.kind = kind
        self.path = path
        self.variable = variable
        self.line = line
        self.inEffect = inEffect
    }

    /// "/etc/sysconfig/docker-storage (DOCKER_STORAGE_OPTIONS)", ".../storage.conf (ExecStart, line 3)".
    public var description: String {
        if let variable { return "\(path) (\(variable))" }
        if let line, kind == .systemdUnit || kind == .systemdDropIn { return "\(path) (ExecStart, line \(line))" }
        return path
    }

    /// Same file and variable: settings from one origin are one place to edit, whatever their lines.
    func hasSameOrigin(as other: ConfigSource) -> Bool {
        kind == other.kind && path == other.path && variable == other.variable
    }

    /// The kind of a variable file, by the path dockerd's packages give it.
    static func kind(ofVariableFile path: String) -> Kind {
        switch path {
        case "/etc/sysconfig/docker": return .sysconfigDocker
        case "/etc/sysconfig/docker-storage": return .sysconfigDockerStorage
        case "/etc/sysconfig/docker-storage-setup": return .sysconfigStorageSetup
        case "/etc/default/docker": return .defaultDocker
        default: return .environmentFile
        }
    }
}
