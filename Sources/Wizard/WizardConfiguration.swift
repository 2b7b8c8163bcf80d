import DaemonControl
import DirectLVM
import Foundation
import Inventory
import Migration

/// What the wizard is started with: the same host and daemon options as `plan` and `run`, and the answers
/// given on the command line, which become the preselected choices.
public struct WizardConfiguration: Sendable {
    public var inventory: InventoryOptions
    public var daemonControl: DaemonControlMethod
    public var daemonLogPath: String?
    public var thinPool: ThinPoolSettings
    /// `overlay2` or `direct-lvm`, preselected.
    public var target: String?
    public var device: String?
    /// Accept a disk with an old signature (it is wiped), as `plan --force-device`.
    public var forceDevice: Bool
    /// A host path, preselected when it can take the export.
    public var exportDirectory: String?
    public var containerPolicy: ContainerPolicy
    /// Finds the playbook for a target, as `plan` does (`Playbook.load(named:)`).
    public var playbook: @Sendable (String) throws -> Playbook
    /// Where a saved plan goes by default.
    public var workingDirectory: String
    public var environment: [String: String]

    public init(
        inventory: InventoryOptions, daemonControl: DaemonControlMethod, daemonLogPath: String? = nil,
        thinPool: ThinPoolSettings = ThinPoolSettings(), target: String? = nil, device: String? = nil,
        forceDevice: Bool = false,
        exportDirectory: String? = nil, containerPolicy: ContainerPolicy = .recreate,
        playbook: @escaping @Sendable (String) throws -> Playbook = { try Playbook.load(named: $0) },
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.inventory = inventory
        self.daemonControl = daemonControl
        self.daemonLogPath = daemonLogPath
        self.thinPool = thinPool
        self.target = target
        self.device = device
        self.forceDevice = forceDevice
        self.exportDirectory = exportDirectory
        self.containerPolicy = containerPolicy
        self.playbook = playbook
        self.workingDirectory = workingDirectory
        self.environment = environment
    }
}
