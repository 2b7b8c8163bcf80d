import Crypto
import Foundation
import Inventory

/// What must still be true of the host for a plan to be carried out as shown: `run` refuses a plan whose
/// fingerprint no longer matches (a new image, another driver, an edited daemon.json).
public struct HostFingerprint: Sendable, Codable, Equatable {
    public var storageDriver: String?
    public var dataRoot: String
    /// sha256 of the daemon.json dockerd reads, or "absent".
    public var daemonJSON: String
    public var imageIDs: [String]
    public var containerIDs: [String]
    public var poolName: String?
    /// sha256 over all of the above, for a one-line comparison.
    public var digest: String

    public init(inventory: HostInventory, daemonJSONBytes: Data?) {
        storageDriver = inventory.docker.storageDriver
        dataRoot = inventory.docker.dataRoot
        daemonJSON = daemonJSONBytes.map { Self.hex(SHA256.hash(data: $0)) } ?? "absent"
        imageIDs = inventory.images.map(\.id.description).sorted()
        containerIDs = inventory.containers.map(\.id).sorted()
        poolName = inventory.pool?.poolName
        digest = ""
        digest = Self.hex(SHA256.hash(data: Data(canonicalText.utf8)))
    }

    /// Every field but the digest, one per line, in a fixed order.
    var canonicalText: String {
        ([storageDriver ?? "-", dataRoot, daemonJSON, poolName ?? "-"] + imageIDs + ["--"] + containerIDs)
            .joined(separator: "\n")
    }

    /// The fields that differ from `other`, for people: "images: 1 added, 0 removed".
    public func differences(from other: HostFingerprint) -> [String] {
        var found: [String] = []
        if storageDriver != other.storageDriver {
            found.append("storage driver \(other.storageDriver ?? "none") -> \(storageDriver ?? "none")")
        }
        if dataRoot != other.dataRoot { found.append("data root \(other.dataRoot) -> \(dataRoot)") }
        if daemonJSON != other.daemonJSON { found.append("daemon.json changed") }
        if poolName != other.poolName { found.append("pool \(other.poolName ?? "none") -> \(poolName ?? "none")") }
        let added = Set(imageIDs).subtracting(other.imageIDs).count
        let removed = Set(other.imageIDs).subtracting(imageIDs).count
        if added + removed > 0 { found.append("images: \(added) added, \(removed) removed") }
        let addedContainers = Set(containerIDs).subtracting(other.containerIDs).count
        let removedContainers = Set(other.containerIDs).subtracting(containerIDs).count
        if addedContainers + removedContainers > 0 {
            found.append("containers: \(addedContainers) added, \(removedContainers) removed")
        }
        return found
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
