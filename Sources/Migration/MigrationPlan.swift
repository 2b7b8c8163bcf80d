import DaemonControl
import DirectLVM
import HostConfig
import HostSystem
import Preflight

/// A migration resolved against one host: every step with its parameters, what is carried and what is not,
/// every file change and command. Saved as YAML (`plan -o plan.yaml`), shown as a report, run as it is.
public struct MigrationPlan: Sendable, Codable {
    /// Bumped when a field changes meaning; `run` refuses any other version.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var createdAt: String
    public var drivershiftVersion: String
    /// The playbook the steps came from (`overlay2`, `direct-lvm`).
    public var playbook: String
    public var host: PlannedHost
    public var fingerprint: HostFingerprint
    public var target: StorageTarget
    public var device: String?
    /// The operator accepted a device with an old signature (`--force-device`).
    public var forceDevice: Bool
    /// Host path of the export store.
    public var exportDirectory: String
    /// Host path of this run's journal, records and report.
    public var stateDirectory: String
    public var daemonControl: DaemonControlMethod
    /// The daemon's log for `.command` control.
    public var daemonLogPath: String?
    public var containerPolicy: ContainerPolicy
    public var onFailure: FailurePolicy
    public var images: [PlannedImage]
    public var containers: [PlannedContainer]
    public var volumes: [PlannedVolume]
    public var notCarried: [NotCarriedItem]
    public var preflight: [PreflightCheck]
    public var space: [SpaceNeed]
    public var fileEdits: [PlannedFileEdit]
    public var provisioning: LVMProvisioningPlan?
    public var steps: [PlannedStep]
    public var estimate: DurationEstimate

    public var blockers: [PreflightCheck] { preflight.filter { $0.status == .blocker } }
}

/// Where the plan was made and what the daemon was.
public struct PlannedHost: Sendable, Codable, Equatable {
    public var hostRoot: String
    public var hostname: String
    public var socket: String
    public var dataRoot: String
    public var dockerVersion: String?
    public var sourceDriver: String?
    public var configFile: String
    /// Whether dockerd answered when the plan was made: a rollback starts it again only then.
    public var daemonWasRunning: Bool
}

public struct PlannedImage: Sendable, Codable, Equatable {
    public var id: String
    public var tags: [String]
    public var repoDigests: [String]
    public var diffIDs: [String]
    public var bytes: UInt64
    /// Set for an image the export step makes by committing a container's writable layer.
    public var committedFrom: String?
}

public struct PlannedContainer: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        case recreate
        /// The writable layer is committed to `committedImage` first, then the container is recreated on it.
        case commitAndRecreate = "commit-and-recreate"
        case commitOnly = "commit-only"
        case skip
    }

    public var id: String
    public var name: String
    public var image: String?
    public var imageID: String?
    public var state: String
    public var writableLayerBytes: UInt64?
    public var action: Action
    /// `drivershift/committed:<name>`: where a writable layer goes when it is committed.
    public var committedImage: String?
}

public struct PlannedVolume: Sendable, Codable, Equatable {
    public var name: String
    public var mountpoint: String
    public var bytes: UInt64?
}

/// Something the migration leaves behind, and why; every report shows these first.
public struct NotCarriedItem: Sendable, Codable, Equatable {
    public var kind: String
    public var name: String
    public var reason: String
}

public struct SpaceNeed: Sendable, Codable, Equatable {
    public var purpose: String
    public var path: String
    public var neededBytes: UInt64
    public var freeBytes: UInt64?
}

/// One step of the plan: its playbook name, its concrete parameters, and what it will do, for people.
public struct PlannedStep: Sendable, Codable, Equatable {
    public var name: String
    public var parameters: [String: String]
    public var summary: String
    /// The commands the step runs, rendered for people (the step builds the argv itself).
    public var commands: [String]
    /// Whether dockerd is down while this step runs (for the downtime estimate).
    public var duringDowntime: Bool
}

public struct DurationEstimate: Sendable, Codable, Equatable {
    public var totalSeconds: Int
    public var downtimeSeconds: Int
    /// How the figures were reached, so a reader can judge them.
    public var basis: String
}
