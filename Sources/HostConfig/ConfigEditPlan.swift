import HostSystem

/// The configuration edits that switch dockerd to a storage target, planned and checked but not applied.
public struct ConfigEditPlan: Codable, Sendable, Equatable {
    public var target: StorageTarget
    /// Only files that change, daemon.json first, then systemd files, variable files and storage setup.
    public var edits: [PlannedFileEdit]
    /// The configuration read again with the edits laid over the host's files.
    public var resulting: DockerConfiguration
    /// What the plan could not edit safely, or what is still wrong once the edits are made; the caller
    /// treats each as a blocker.
    public var unresolved: [ConfigProblem]

    public init(
        target: StorageTarget, edits: [PlannedFileEdit], resulting: DockerConfiguration, unresolved: [ConfigProblem]
    ) {
        self.target = target
        self.edits = edits
        self.resulting = resulting
        self.unresolved = unresolved
    }

    /// Applying the edits gives a configuration that starts dockerd on the target, with every key in one place.
    public var isComplete: Bool { unresolved.isEmpty }

    /// Every edit as a unified diff, in order.
    public var diff: String { edits.map(UnifiedDiff.render).joined() }
}
