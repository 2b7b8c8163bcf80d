import DaemonControl
import DirectLVM
import HostConfig
import HostSystem
import Inventory
import Preflight

/// Works out a `StorageSwitchPlan` from the host as it is: inventory, preflight, config edits, provisioning.
///
/// Reads only: nothing on the host changes here, so `switch --dry-run` is exactly this plus printing.
public struct StorageSwitchPlanner: Sendable {
    public let options: StorageSwitchOptions

    public init(options: StorageSwitchOptions) {
        self.options = options
    }

    public func plan() async throws -> StorageSwitchPlan {
        let inventory = try await InventoryBuilder(options: options.inventory).build()
        return try await plan(inventory: inventory)
    }

    /// The plan for an inventory already taken (the migration engine has one).
    public func plan(inventory: HostInventory) async throws -> StorageSwitchPlan {
        let hostRoot = options.inventory.hostRoot
        let configuration = inventory.docker.configuration
        let target = try storageTarget()

        var checks = await PreflightRunner.run(
            PreflightContext(
                inventory: inventory, configuration: configuration, hostRoot: hostRoot, target: target,
                // A host path like every other: under a host root, the export lands beneath it.
                exportDirectory: options.exportDirectory.map(hostRoot.resolve), device: options.device,
                forceDevice: options.forceDevice))
        var provisioning: LVMProvisioningPlan?
        if case .directLVM = target, let device = options.device {
            checks += await DirectLVMChecks.run(
                device: device, requiredBytes: SpaceRequirement(inventory: inventory).thinPoolBytes,
                forceDevice: options.forceDevice,
                settings: options.thinPool, hostRoot: hostRoot)
            provisioning = LVMProvisioningPlan.make(device: device, settings: options.thinPool)
        }

        let edits = try ConfigEditPlanner.plan(configuration: configuration, hostRoot: hostRoot, target: target)
        checks += edits.unresolved.map(Self.blocker(for:))
        if let tooOld = Self.dataRootTooNew(edits.edits, dockerVersion: inventory.docker.version) {
            checks.append(tooOld)
        }
        if let carried = Self.notCarried(inventory: inventory, target: target) { checks.append(carried) }

        let controller = DaemonController(method: options.daemonControl, endpoint: try options.inventory.endpoint())
        return StorageSwitchPlan(
            target: target, previousDriver: inventory.docker.storageDriver, preflight: checks,
            fileEdits: edits.edits, provisioning: provisioning, daemonControl: options.daemonControl,
            stopCommands: controller.stopCommands, startCommands: controller.startCommands,
            hostRoot: hostRoot.description)
    }

    func storageTarget() throws -> StorageTarget {
        switch options.targetKind {
        case .overlay2:
            return .overlay2
        case .directLVM:
            guard options.device != nil else { throw StorageSwitchError.missingDevice }
            return .directLVM(thinPoolDevice: options.thinPool.thinPoolDevice)
        }
    }

    /// A config source the editor cannot rewrite safely stops the switch: a half-edited config is how hosts break.
    static func blocker(for problem: ConfigProblem) -> PreflightCheck {
        let place = problem.path.map { path in problem.line.map { "\(path) line \($0)" } ?? path }
        return PreflightCheck(
            id: "config.edit", title: "Configuration can be rewritten", status: .blocker, finding: problem.message,
            remedy: place.map { "Move that setting into /etc/docker/daemon.json by hand (\($0)), then plan again." })
    }

    /// The edit renames the legacy graph to data-root, which dockerd knows only from 17.05 on; Red Hat's 1.13
    /// would refuse to start with it.
    static func dataRootTooNew(_ edits: [PlannedFileEdit], dockerVersion: String?) -> PreflightCheck? {
        guard let dockerVersion, let version = DockerVersion(dockerVersion), version < DockerVersion.dataRootFlag,
            edits.contains(where: { !($0.before ?? "").contains("data-root") && $0.after.contains("data-root") })
        else { return nil }
        return PreflightCheck(
            id: "config.data-root", title: "Configuration can be rewritten", status: .blocker,
            finding: "the legacy graph setting would be renamed to data-root, which Docker \(dockerVersion) does not "
                + "know (it came with 17.05)",
            remedy:
                "Upgrade Docker first, or move the graph setting into daemon.json as \"graph\" by hand, then plan again."
        )
    }

    /// `switch` changes the configuration only; images and containers stay in the old driver's store.
    static func notCarried(inventory: HostInventory, target: StorageTarget) -> PreflightCheck? {
        guard inventory.docker.storageDriver != target.driverName,
            inventory.totals.images > 0 || inventory.totals.containers > 0
        else { return nil }
        let driver = inventory.docker.storageDriver ?? "the current driver"
        return PreflightCheck(
            id: "switch.images-not-carried", title: "Images and containers are not carried by a switch",
            status: .warning,
            finding: "\(inventory.totals.images) image(s) and \(inventory.totals.containers) container(s) stay in "
                + "\(driver)'s store, unseen by dockerd on \(target.driverName) (nothing is deleted)",
            remedy: "Export them first (`drivershift export`), or roll back with `drivershift switch --rollback`.")
    }
}
