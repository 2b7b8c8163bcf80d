import DockerEngine
import DockerState
import HostSystem

/// Asks the running daemon for images, containers and volumes; layer details still come from disk.
struct OnlineCollector {
    let client: EngineClient
    let hostRoot: HostRoot
    /// The data root's layout, to find each image's config file on disk.
    let layout: DataRootLayout

    func collect(catalog: LayerCatalog, problems: inout [StateProblem]) async throws -> CollectedState {
        var inspected: [EngineImage] = []
        for summary in try await client.images() {
            inspected.append(try await client.image(summary.Id))
        }
        let graph = ImageGraph(parentLinks: inspected.map { digest($0.Parent) })
        var state = CollectedState()
        for image in inspected {
            guard let id = Digest(image.Id) else { continue }
            let references =
                (image.RepoTags ?? []).filter { $0 != "<none>:<none>" }
                + (image.RepoDigests ?? []).filter { $0 != "<none>@<none>" }
            let diffIDs = (image.RootFS.Layers ?? []).compactMap { Digest($0) }
            state.images.append(
                CollectedState.imageEntry(
                    id: id, references: references, created: image.Created, parent: digest(image.Parent),
                    diffIDs: diffIDs,
                    configSize: try? FileFacts.of("\(layout.imageContent)/\(id.hex)")?.apparentBytes, graph: graph,
                    catalog: catalog, problems: &problems))
        }
        for summary in try await client.containers() {
            let container = try await client.container(summary.Id)
            var name = container.Name
            if name.hasPrefix("/") { name.removeFirst() }
            state.containers.append(
                ContainerEntry(
                    id: container.Id, name: name, image: container.Config?.Image, imageID: Digest(container.Image),
                    state: container.State.Status, driver: container.Driver,
                    // Asked with size=1, the API leaves SizeRw out when it is 0 (omitempty): absent means empty.
                    writableLayerBytes: UInt64(max(0, summary.SizeRw ?? 0))))
        }
        // Only `system df` reports volume sizes; it lists every volume.
        var volumes = try await client.diskUsage().Volumes
        if volumes == nil { volumes = try await client.volumes() }
        for volume in (volumes ?? []).sorted(by: { $0.Name < $1.Name }) {
            state.volumes.append(
                VolumeEntry(
                    name: volume.Name, driver: volume.Driver, mountpoint: hostRoot.hostPath(of: volume.Mountpoint),
                    bytes: volume.UsageData.flatMap { $0.Size >= 0 ? UInt64($0.Size) : nil }))
        }
        return state
    }

    private func digest(_ text: String?) -> Digest? {
        guard let text, !text.isEmpty else { return nil }
        return Digest(text)
    }
}
