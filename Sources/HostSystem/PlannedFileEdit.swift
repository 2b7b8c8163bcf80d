/// One host file as a planned change would leave it: what it holds now, what it will hold, and why.
///
/// Config editors produce these without touching the host; `HostFileEditor` applies them (atomic, with a
/// backup) and a rollback restores the `before` bytes. Text, because every file drivershift edits is a
/// configuration file.
public struct PlannedFileEdit: Sendable, Hashable, Codable {
    /// The path on the host (`/etc/docker/daemon.json`), never its location under a test root.
    public var path: String
    /// The current contents; nil when the edit creates the file.
    public var before: String?
    public var after: String
    /// One line for the report: why this file changes.
    public var reason: String
    /// The mode of a file the edit creates; an existing file keeps its own mode and owner.
    public var newFileMode: UInt16

    public init(path: String, before: String?, after: String, reason: String, newFileMode: UInt16 = 0o644) {
        self.path = path
        self.before = before
        self.after = after
        self.reason = reason
        self.newFileMode = newFileMode
    }

    public var createsFile: Bool { before == nil }
    public var changesNothing: Bool { before == after }
}
