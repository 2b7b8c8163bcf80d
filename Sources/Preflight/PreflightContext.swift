import HostConfig
import HostSystem
import Inventory

/// Everything the preflight looks at: the host as the inventory found it, and what the operator asked for.
public struct PreflightContext: Sendable {
    public var inventory: HostInventory
    /// The configuration the switch will edit (normally `inventory.docker.configuration`, read afresh).
    public var configuration: DockerConfiguration
    public var hostRoot: HostRoot
    public var target: StorageTarget
    /// Where the export store will be written: a path on this machine, as `drivershift export --to` takes it;
    /// nil when none was chosen.
    public var exportDirectory: String?
    /// direct-lvm: the block device to provision (`/dev/sdb`).
    public var device: String?
    /// direct-lvm: use the device even though it holds a partition table, filesystem or RAID signature.
    public var forceDevice: Bool
    /// A dockerd binary on this machine to ask for its version when the inventory has none.
    public var dockerdPath: String?

    public init(
        inventory: HostInventory, configuration: DockerConfiguration, hostRoot: HostRoot, target: StorageTarget,
        exportDirectory: String? = nil, device: String? = nil, forceDevice: Bool = false, dockerdPath: String? = nil
    ) {
        self.inventory = inventory
        self.configuration = configuration
        self.hostRoot = hostRoot
        self.target = target
        self.exportDirectory = exportDirectory
        self.device = device
        self.forceDevice = forceDevice
        self.dockerdPath = dockerdPath
    }

    /// The space figures the checks compare against; the integrator passes `thinPoolBytes` to the device checks.
    public var spaceRequirement: SpaceRequirement { SpaceRequirement(inventory: inventory) }

    /// The data root under the host root: where overlay2's layers, and `docker load`'s staging, will land.
    public var dataRootLocation: String { hostRoot.resolve(inventory.docker.dataRoot) }

    public var isAlreadyOnTarget: Bool {
        DriverTargetCheck.isAlreadyOnTarget(inventory: inventory, configuration: configuration, target: target)
    }
}
