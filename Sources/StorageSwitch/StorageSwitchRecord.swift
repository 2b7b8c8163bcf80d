import DaemonControl
import DirectLVM
import Foundation
import HostConfig
import HostSystem

/// What a switch changed on the host, written before and after every step so a rollback knows exactly what
/// to undo, also after a crash. Versioned: a rollback refuses a record it does not understand.
public struct StorageSwitchRecord: Sendable, Codable {
    public static let currentVersion = 1

    public enum State: String, Sendable, Codable {
        case started
        case daemonStopped
        case provisioned
        case filesWritten
        case completed
        case rolledBack
    }

    public var version: Int
    public var startedAt: String
    public var state: State
    public var target: StorageTarget
    public var previousDriver: String?
    /// Whether dockerd answered before the switch: a rollback starts it again only then.
    public var daemonWasRunning: Bool
    public var daemonControl: DaemonControlMethod
    public var appliedEdits: [AppliedFileEdit]
    public var provisioning: LVMProvisioningRecord?

    public init(
        startedAt: Date, target: StorageTarget, previousDriver: String?, daemonWasRunning: Bool,
        daemonControl: DaemonControlMethod
    ) {
        self.version = Self.currentVersion
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
        self.state = .started
        self.target = target
        self.previousDriver = previousDriver
        self.daemonWasRunning = daemonWasRunning
        self.daemonControl = daemonControl
        self.appliedEdits = []
        self.provisioning = nil
    }
}
