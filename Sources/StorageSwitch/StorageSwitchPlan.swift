import DaemonControl
import DirectLVM
import HostConfig
import HostSystem
import Preflight

/// Everything `drivershift switch` will do on this host, worked out before anything changes.
public struct StorageSwitchPlan: Sendable, Codable {
    public var target: StorageTarget
    public var preflight: [PreflightCheck]
    public var fileEdits: [PlannedFileEdit]
    public var daemonControl: DaemonControlMethod

    public init(
        target: StorageTarget, preflight: [PreflightCheck], fileEdits: [PlannedFileEdit],
        daemonControl: DaemonControlMethod
    ) {
        self.target = target
        self.preflight = preflight
        self.fileEdits = fileEdits
        self.daemonControl = daemonControl
    }

    public var blockers: [PreflightCheck] { preflight.filter { $0.status == .blocker } }
}
