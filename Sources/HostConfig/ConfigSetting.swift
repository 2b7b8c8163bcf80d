/// One configuration key as set in one place: a daemon.json key, a dockerd flag, or a storage-setup variable.
public struct ConfigSetting: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case daemonJSON
        case dockerdFlag
        /// A container-storage-setup variable (`STORAGE_DRIVER`, `DEVS`): not a dockerd flag, never a conflict.
        case storageSetup
    }

    /// The daemon.json key name (`storage-driver`, `storage-opts`, `graph`), or the variable name for storage setup.
    public var key: String
    /// One value for a scalar; each option for `storage-opts`/`hosts`; compact JSON for other JSON values.
    public var values: [String]
    public var kind: Kind
    public var source: ConfigSource

    public init(key: String, values: [String], kind: Kind, source: ConfigSource) {
        self.key = key
        self.values = values
        self.kind = kind
        self.source = source
    }
}
