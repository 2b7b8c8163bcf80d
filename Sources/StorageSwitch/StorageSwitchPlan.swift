import DaemonControl
import DirectLVM
import HostConfig
import HostSystem
import Preflight

/// Everything `drivershift switch` will do on this host, worked out before anything changes.
public struct StorageSwitchPlan: Sendable, Codable {
    public var target: StorageTarget
    /// The driver dockerd is configured with now (nil: none set, dockerd picks one).
    public var previousDriver: String?
    public var preflight: [PreflightCheck]
    /// Every config file that changes, with its bytes before and after.
    public var fileEdits: [PlannedFileEdit]
    /// The LVM commands that build the thin pool (direct-lvm only).
    public var provisioning: LVMProvisioningPlan?
    public var daemonControl: DaemonControlMethod
    public var stopCommands: [Command]
    public var startCommands: [Command]
    /// The host root the plan was made for (`/` on a real host).
    public var hostRoot: String

    public init(
        target: StorageTarget, previousDriver: String? = nil, preflight: [PreflightCheck],
        fileEdits: [PlannedFileEdit], provisioning: LVMProvisioningPlan? = nil, daemonControl: DaemonControlMethod,
        stopCommands: [Command] = [], startCommands: [Command] = [], hostRoot: String = "/"
    ) {
        self.target = target
        self.previousDriver = previousDriver
        self.preflight = preflight
        self.fileEdits = fileEdits
        self.provisioning = provisioning
        self.daemonControl = daemonControl
        self.stopCommands = stopCommands
        self.startCommands = startCommands
        self.hostRoot = hostRoot
    }

    public var blockers: [PreflightCheck] { preflight.filter { $0.status == .blocker } }
    public var warnings: [PreflightCheck] { preflight.filter { $0.status == .warning } }

    /// Already on the target with nothing to write or provision: `switch` exits 0 without touching anything.
    public var isNothingToDo: Bool {
        previousDriver == target.driverName && fileEdits.isEmpty && provisioning == nil
    }
}
