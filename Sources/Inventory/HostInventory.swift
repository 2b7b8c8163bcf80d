import DockerState
import Foundation

/// Everything drivershift knows about a host's Docker storage: the `inventory` command's JSON document.
///
/// The JSON form is a stable, versioned schema (docs/inventory-schema.md); add fields freely, but bump
/// `schemaVersion` when a field changes meaning or disappears.
public struct HostInventory: Codable, Sendable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int = HostInventory.currentSchemaVersion
    public var generatedAt: String
    /// `online` when the daemon answered, `offline` when everything came from the data root on disk.
    public var mode: InventoryMode
    public var hostRoot: String
    public var docker: DockerSummary
    public var pool: PoolSummary?
    public var images: [ImageEntry]
    public var containers: [ContainerEntry]
    public var volumes: [VolumeEntry]
    public var totals: InventoryTotals
    public var problems: [StateProblem]

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}

public enum InventoryMode: String, Codable, Sendable {
    case online
    case offline
}
