/// One dockerd command-line argument as written: a flag with its value, or a word taken as it is.
///
/// Every argument is kept, known or not, so that a later edit can rewrite the line it came from
/// without losing the flags drivershift does not care about.
public struct DockerdArgument: Codable, Sendable, Equatable {
    /// The words as dockerd receives them (`["--storage-opt", "dm.fs=xfs"]`, `["-s", "devicemapper"]`).
    public var words: [String]
    /// The flag's long name without dashes (`storage-driver` for `-s`); nil for a plain word.
    public var flag: String?
    public var value: String?
    /// The daemon.json key the flag corresponds to (`storage-opts` for `--storage-opt`); nil for a plain word.
    public var key: String?
    /// Where the flag word came from.
    public var source: ConfigSource

    public init(words: [String], flag: String?, value: String?, key: String?, source: ConfigSource) {
        self.words = words
        self.flag = flag
        self.value = value
        self.key = key
        self.source = source
    }
}
