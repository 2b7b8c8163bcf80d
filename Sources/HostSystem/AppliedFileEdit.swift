/// What `HostFileEditor.apply` did to one host file: enough for a journal to roll it back later, possibly in
/// another process after a crash. Every path is a host path (`/etc/docker/daemon.json`), resolved again
/// through the `HostRoot` at rollback.
public struct AppliedFileEdit: Sendable, Hashable, Codable {
    public var path: String
    /// The byte-for-byte copy of the previous file (same owner and mode); nil when the edit created the file.
    public var backupPath: String?
    /// Parent directories that did not exist and were made (0755) for a new file, outermost first.
    public var createdDirectories: [String]
    /// sha256 (hex) of the bytes written: rollback removes a created file only while it still holds them.
    public var writtenSHA256: String
    public var createdFile: Bool

    public init(
        path: String, backupPath: String?, createdDirectories: [String], writtenSHA256: String, createdFile: Bool
    ) {
        self.path = path
        self.backupPath = backupPath
        self.createdDirectories = createdDirectories
        self.writtenSHA256 = writtenSHA256
        self.createdFile = createdFile
    }
}
