import Foundation
import HostSystem

/// Reads Docker's state straight from a data root on disk. It never writes and needs no daemon, so it works
/// on a host whose dockerd no longer starts.
public struct DataRootReader: Sendable {
    /// The real path of the data root (already resolved under the host root).
    public let root: String

    /// Checks that `root` is a readable directory; the errors say what is wrong and what to do.
    public init(root: String) throws {
        guard let facts = try FileFacts.of(root) else { throw DockerStateError.dataRootMissing(path: root) }
        if facts.isSymbolicLink {
            // A data root moved to another disk and linked back is common; follow that one link.
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: root)
            let resolved = target.hasPrefix("/") ? target : (root as NSString).deletingLastPathComponent + "/" + target
            guard let targetFacts = try FileFacts.of(resolved), targetFacts.isDirectory else {
                throw DockerStateError.dataRootMissing(path: root)
            }
        } else if !facts.isDirectory {
            throw DockerStateError.notADirectory(path: root)
        }
        guard access(root, R_OK | X_OK) == 0 else { throw DockerStateError.permissionDenied(path: root) }
        self.root = root
    }

    public func layout(driver: String) -> DataRootLayout { DataRootLayout(root: root, driver: driver) }

    /// Drivers that have an image store here (`image/<driver>/`), most recently used first.
    public func imageStoreDrivers() throws -> [String] {
        let imageRoot = "\(root)/image"
        var found: [(String, Date)] = []
        for name in try StateFile.list(imageRoot) {
            guard let facts = try FileFacts.of("\(imageRoot)/\(name)"), facts.isDirectory else { continue }
            found.append((name, facts.modificationTime))
        }
        return found.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// repositories.json; an absent file means no references yet. A corrupt one throws: tags would be lost.
    public func repositories(driver: String) throws -> RepositoryIndex {
        let path = layout(driver: driver).repositories
        guard StateFile.exists(path) else { return .empty }
        return try RepositoryIndex.parse(StateFile.read(path), path: path)
    }

    /// Every image config in imagedb; damaged ones become problems.
    public func images(driver: String, problems: inout [StateProblem]) throws -> [StoredImage] {
        let layout = layout(driver: driver)
        var images: [StoredImage] = []
        for name in try StateFile.list(layout.imageContent) {
            let path = "\(layout.imageContent)/\(name)"
            guard let id = Digest(hexName: name) else {
                problems.append(
                    .init(
                        severity: .warning, code: "stray-file", subject: path,
                        message: "\(path) is not named after an image ID; ignored"))
                continue
            }
            do {
                let parentText = try StateFile.readTrimmedIfPresent("\(layout.imageMetadata)/\(name)/parent")
                let parent = parentText.flatMap { Digest($0) }
                images.append(
                    try StoredImage.parse(id: id, configBytes: StateFile.read(path), parent: parent, path: path))
            } catch let error as DockerStateError {
                if case .permissionDenied = error { throw error }
                problems.append(
                    .init(
                        severity: .error, code: "corrupt-image", subject: id.description,
                        message: "image \(id.short) cannot be read: \(error)"))
            }
        }
        return images
    }

    /// Every layer in layerdb, keyed by chainID; incomplete records and dangling cache-ids become problems.
    public func layers(driver: String, problems: inout [StateProblem]) throws -> [Digest: StoredLayer] {
        let layout = layout(driver: driver)
        var layers: [Digest: StoredLayer] = [:]
        for name in try StateFile.list(layout.layers) {
            let directory = "\(layout.layers)/\(name)"
            guard let chainID = Digest(hexName: name) else { continue }
            do {
                guard let diffText = try StateFile.readTrimmedIfPresent("\(directory)/diff"),
                    let diffID = Digest(diffText)
                else {
                    throw DockerStateError.corrupt(path: "\(directory)/diff", reason: "missing or not a sha256 digest")
                }
                guard let cacheID = try StateFile.readTrimmedIfPresent("\(directory)/cache-id"), !cacheID.isEmpty,
                    !cacheID.contains("/"), cacheID != "..", cacheID != "."
                else {
                    throw DockerStateError.corrupt(
                        path: "\(directory)/cache-id", reason: "missing, empty or not a plain name")
                }
                let size = try StateFile.readTrimmedIfPresent("\(directory)/size").flatMap { UInt64($0) }
                let parent = try StateFile.readTrimmedIfPresent("\(directory)/parent").flatMap { Digest($0) }
                let tarSplit = "\(directory)/tar-split.json.gz"
                let layer = StoredLayer(
                    chainID: chainID, diffID: diffID, size: size, cacheID: cacheID, parent: parent,
                    tarSplitPath: StateFile.exists(tarSplit) ? tarSplit : nil, directory: directory)
                layers[chainID] = layer
                let location = layout.layerLocation(cacheID: cacheID)
                if !StateFile.exists(location) {
                    problems.append(
                        .init(
                            severity: .error, code: "layer-content-missing", subject: chainID.description,
                            message:
                                "layer \(diffID) (chainID \(chainID.short)) has cache-id \(cacheID), but \(location) "
                                + "does not exist: its files are gone, so it cannot be exported from disk"))
                }
                if layer.tarSplitPath == nil {
                    problems.append(
                        .init(
                            severity: .error, code: "tar-split-missing", subject: chainID.description,
                            message:
                                "layer \(diffID) has no tar-split.json.gz in \(directory): its exact tar cannot be rebuilt"
                        ))
                }
            } catch let error as DockerStateError {
                if case .permissionDenied = error { throw error }
                problems.append(
                    .init(
                        severity: .error, code: "corrupt-layer", subject: chainID.description,
                        message: "layer \(chainID.short) cannot be read: \(error)"))
            }
        }
        return layers
    }

    /// Every container, with the driver's name of its writable layer.
    public func containers(driver: String, problems: inout [StateProblem]) throws -> [StoredContainer] {
        let layout = layout(driver: driver)
        var containers: [StoredContainer] = []
        for id in try StateFile.list(layout.containers) {
            let path = "\(layout.containers)/\(id)/config.v2.json"
            guard StateFile.exists(path) else {
                problems.append(
                    .init(
                        severity: .warning, code: "container-without-config", subject: id,
                        message: "\(layout.containers)/\(id) has no config.v2.json; Docker will not load this container"
                    ))
                continue
            }
            do {
                containers.append(
                    try StoredContainer.parse(
                        StateFile.read(path), mountID: mountID(of: id, driver: driver), path: path))
            } catch let error as DockerStateError {
                if case .permissionDenied = error { throw error }
                problems.append(
                    .init(
                        severity: .error, code: "corrupt-container", subject: id,
                        message: "container \(id.prefix(12)) cannot be read: \(error)"))
            }
        }
        return containers
    }

    /// The driver's name for a container's writable layer (layerdb `mounts/<id>/mount-id`); nil when not recorded.
    public func mountID(of container: String, driver: String) throws -> String? {
        try StateFile.readTrimmedIfPresent("\(layout(driver: driver).mounts)/\(container)/mount-id")
    }

    /// Bytes in a container's writable layer where the driver keeps only the changes (overlay2); nil otherwise.
    public func writableLayerBytes(driver: String, mountID: String) -> UInt64? {
        guard driver == "overlay2" || driver == "overlay" else { return nil }
        return try? DirectoryUsage.bytes(at: "\(root)/\(driver)/\(mountID)/diff")
    }

    /// Volumes of the local driver (a `volumes/<name>/_data` directory each).
    public func volumes(countBytes: Bool = true) throws -> [StoredVolume] {
        let directory = "\(root)/volumes"
        var volumes: [StoredVolume] = []
        for name in try StateFile.list(directory) {
            let data = "\(directory)/\(name)/_data"
            guard let facts = try FileFacts.of(data), facts.isDirectory else { continue }
            let bytes = countBytes ? try DirectoryUsage.bytes(at: data) : nil
            volumes.append(StoredVolume(name: name, driver: "local", dataPath: data, bytes: bytes))
        }
        return volumes
    }

    /// The devicemapper driver's records, or nil when this data root has none.
    public func deviceMapperMetadata() throws -> DeviceMapperMetadata? {
        let directory = "\(root)/devicemapper/metadata"
        guard StateFile.exists(directory) else { return nil }
        return try DeviceMapperMetadata.read(directory: directory)
    }
}
