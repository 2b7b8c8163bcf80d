import DaemonControl
import DirectLVM
import Inventory

/// What the operator asked `switch` to do, before anything on the host is looked at.
public struct StorageSwitchOptions: Sendable {
    public enum TargetKind: String, Sendable, Codable, CaseIterable {
        case overlay2
        case directLVM = "direct-lvm"
    }

    public var targetKind: TargetKind
    /// The whole block device for direct-lvm (`/dev/sdb`).
    public var device: String?
    /// Accept a device that carries a filesystem or RAID signature: the operator says it holds nothing.
    public var forceDevice: Bool
    public var thinPool: ThinPoolSettings
    /// Where a migration would put the export store; checked for space when given.
    public var exportDirectory: String?
    public var daemonControl: DaemonControlMethod
    /// The daemon's log for `.command` control (systemd and sysv logs are found by the controller).
    public var daemonLogPath: String?
    public var inventory: InventoryOptions
    /// How long the restarted daemon may take to answer with the new driver.
    public var readyTimeout: Duration
    /// Host path of drivershift's own state (switch records); under the host root like everything else.
    public var stateDirectory: String

    public static let defaultStateDirectory = "/var/lib/drivershift"

    public init(
        targetKind: TargetKind, device: String? = nil, forceDevice: Bool = false,
        thinPool: ThinPoolSettings = ThinPoolSettings(), exportDirectory: String? = nil,
        daemonControl: DaemonControlMethod, daemonLogPath: String? = nil, inventory: InventoryOptions,
        readyTimeout: Duration = .seconds(120), stateDirectory: String = StorageSwitchOptions.defaultStateDirectory
    ) {
        self.targetKind = targetKind
        self.device = device
        self.forceDevice = forceDevice
        self.thinPool = thinPool
        self.exportDirectory = exportDirectory
        self.daemonControl = daemonControl
        self.daemonLogPath = daemonLogPath
        self.inventory = inventory
        self.readyTimeout = readyTimeout
        self.stateDirectory = stateDirectory
    }
}
