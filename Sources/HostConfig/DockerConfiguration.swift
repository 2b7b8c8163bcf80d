/// Everything that decides how dockerd stores images on a host, and where each piece of it is set.
public struct DockerConfiguration: Codable, Sendable, Equatable {
    public static let defaultConfigFile = "/etc/docker/daemon.json"
    public static let defaultDataRoot = "/var/lib/docker"

    /// Every configuration file found, in effect or not, including files that set nothing relevant.
    public var sources: [ConfigSource]
    /// daemon.json keys (all of them), dockerd's storage-related flags, and storage-setup variables.
    public var settings: [ConfigSetting]
    public var conflicts: [ConfigConflict]
    public var problems: [ConfigProblem]
    /// Every dockerd argument found in a flag source, in command-line order, unknown flags included.
    public var dockerdArguments: [DockerdArgument]
    /// The unit's effective `ExecStart=`; nil without a systemd unit.
    public var execStart: DockerdExecStart?
    /// The daemon.json that dockerd reads: `--config-file`, else /etc/docker/daemon.json.
    public var configFile: String
    /// Top-level keys of that daemon.json in file order, so that a rewrite can keep the order.
    public var daemonJSONKeyOrder: [String]

    /// The storage driver dockerd is configured with; nil when none is (dockerd then picks one itself).
    public var storageDriver: String?
    public var storageDriverSource: ConfigSource?
    /// The storage options in effect, one setting per option.
    public var storageOptions: [ConfigSetting]
    /// data-root, else the legacy graph, else /var/lib/docker.
    public var dataRoot: String
    /// nil when dataRoot is dockerd's default.
    public var dataRootSource: ConfigSource?

    public init(
        sources: [ConfigSource],
        settings: [ConfigSetting],
        conflicts: [ConfigConflict],
        problems: [ConfigProblem],
        dockerdArguments: [DockerdArgument],
        execStart: DockerdExecStart?,
        configFile: String,
        daemonJSONKeyOrder: [String],
        storageDriver: String?,
        storageDriverSource: ConfigSource?,
        storageOptions: [ConfigSetting],
        dataRoot: String,
        dataRootSource: ConfigSource?
    ) {
        self.sources = sources
        self.settings = settings
        self.conflicts = conflicts
        self.problems = problems
        self.dockerdArguments = dockerdArguments
        self.execStart = execStart
        self.configFile = configFile
        self.daemonJSONKeyOrder = daemonJSONKeyOrder
        self.storageDriver = storageDriver
        self.storageDriverSource = storageDriverSource
        self.storageOptions = storageOptions
        self.dataRoot = dataRoot
        self.dataRootSource = dataRootSource
    }

    /// The settings dockerd really reads.
    public var settingsInEffect: [ConfigSetting] { settings.filter { $0.source.inEffect } }

    /// The settings of `key`, in the order found.
    public func settings(for key: String) -> [ConfigSetting] { settings.filter { $0.key == key } }
}
