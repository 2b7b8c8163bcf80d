import HostSystem

/// One change that provisioning makes to the host, and the change that takes it back.
public struct LVMProvisioningStep: Sendable, Hashable, Codable {
    /// Which step this is; a journal records completed steps by kind.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case physicalVolume = "pvcreate"
        case volumeGroup = "vgcreate"
        case dataVolume = "lvcreate-data"
        case metadataVolume = "lvcreate-metadata"
        case thinPoolConversion = "lvconvert-thinpool"
        case profile = "profile"
        case metadataProfile = "lvchange-metadataprofile"
    }

    /// What a step (or its undo) does to the host.
    public enum Action: Sendable, Hashable, Codable, CustomStringConvertible {
        case run(Command)
        /// Write the file atomically; the edit's `before` is nil, since provisioning only creates files.
        case writeFile(PlannedFileEdit)
        /// Remove a file this tool wrote, but only while it still holds exactly what was written.
        case removeFile(path: String)

        public var description: String {
            switch self {
            case .run(let command): return command.description
            case .writeFile(let edit): return "write \(edit.path)"
            case .removeFile(let path): return "remove \(path)"
            }
        }

        /// The command, for argv assertions and reports; nil for file actions.
        public var command: Command? {
            if case .run(let command) = self { return command }
            return nil
        }
    }

    public var kind: Kind
    /// One line for the plan report.
    public var description: String
    public var action: Action
    /// nil when the step needs no undo of its own (its result goes with an earlier step's undo).
    public var undo: Action?

    public init(kind: Kind, description: String, action: Action, undo: Action?) {
        self.kind = kind
        self.description = description
        self.action = action
        self.undo = undo
    }
}
