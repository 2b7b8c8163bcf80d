/// The `ExecStart=` of docker.service that systemd runs, before and after variable expansion.
public struct DockerdExecStart: Codable, Sendable, Equatable {
    /// The unit or drop-in and line of the effective `ExecStart=`.
    public var source: ConfigSource
    /// The value as written, continuation lines joined (`/usr/bin/dockerd $OPTIONS ...`).
    public var rawValue: String
    /// The command after systemd's expansion of `$VAR` and `${VAR}`; the executable first.
    public var argv: [String]

    public init(source: ConfigSource, rawValue: String, argv: [String]) {
        self.source = source
        self.rawValue = rawValue
        self.argv = argv
    }

    public var executable: String? { argv.first }
}
