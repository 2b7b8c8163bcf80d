/// A volume of the `local` driver as it sits in `<data-root>/volumes/<name>/_data`.
public struct StoredVolume: Sendable, Hashable {
    public let name: String
    public let driver: String
    /// The real path of `_data`.
    public let dataPath: String
    /// Sum of the regular files' sizes, each inode counted once, as `docker system df -v` counts them.
    public let bytes: UInt64?
}
