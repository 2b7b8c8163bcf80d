import DockerState
import HostSystem

/// Reads images, containers and volumes straight from the data root: works with the daemon stopped or dead.
struct OfflineCollector {
    let reader: DataRootReader
    let driver: String
    let hostRoot: HostRoot

    func collect(catalog: LayerCatalog, problems: inout [StateProblem]) throws -> CollectedState {
        let repositories = try reader.repositories(driver: driver)
        let stored = try reader.images(driver: driver, problems: &problems)
        let graph = ImageGraph(parentLinks: stored.map(\.parent))
        var state = CollectedState()
        for image in stored {
            let references = repositories.tags(of: image.id) + repositories.repoDigests(of: image.id)
            state.images.append(
                CollectedState.imageEntry(
                    id: image.id, references: references, created: image.created, parent: image.parent,
                    diffIDs: image.diffIDs, configSize: UInt64(image.configBytes.count), graph: graph, catalog: catalog,
                    problems: &problems))
        }
        let known = Set(stored.map(\.id))
        for (reference, target) in repositories.references.sorted(by: { $0.key < $1.key }) where !known.contains(target)
        {
            problems.append(
                StateProblem(
                    severity: .error, code: "reference-to-missing-image", subject: reference,
                    message: "\(reference) points at image \(target.short), which is not in the image store"))
        }
        for container in try reader.containers(driver: driver, problems: &problems) {
            state.mountIDs[container.id] = container.mountID
            state.containers.append(
                ContainerEntry(
                    id: container.id, name: container.name, image: container.imageReference,
                    imageID: container.imageID, state: container.state, driver: container.driver,
                    writableLayerBytes: container.mountID.flatMap {
                        reader.writableLayerBytes(driver: driver, mountID: $0)
                    }))
        }
        for volume in try reader.volumes() {
            state.volumes.append(
                VolumeEntry(
                    name: volume.name, driver: volume.driver, mountpoint: hostRoot.hostPath(of: volume.dataPath),
                    bytes: volume.bytes))
        }
        return state
    }
}
