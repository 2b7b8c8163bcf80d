import StorageSwitch

/// What the operator asked `plan` for, before the host is looked at.
public struct MigrationOptions: Sendable {
    /// Target, device, daemon control, host: the same options `switch` takes.
    public var storage: StorageSwitchOptions
    public var playbook: Playbook
    /// Host path of the export store; default `/var/lib/drivershift/export-<id>`.
    public var exportDirectory: String?
    public var containerPolicy: ContainerPolicy
    public var onFailure: FailurePolicy

    public init(
        storage: StorageSwitchOptions, playbook: Playbook, exportDirectory: String? = nil,
        containerPolicy: ContainerPolicy = .recreate, onFailure: FailurePolicy = .rollback
    ) {
        self.storage = storage
        self.playbook = playbook
        self.exportDirectory = exportDirectory
        self.containerPolicy = containerPolicy
        self.onFailure = onFailure
    }
}
