import DockerEngine
import DockerState
import Foundation
import HostSystem

/// Asks the running daemon for images, containers and volumes; layer details still come from disk.
struct OnlineCollector {
    let client: EngineClient
    let hostRoot: HostRoot
    /// The data root's layout, to find each image's config file on disk.
    let layout: DataRootLayout
    /// The data root, for what the daemon can only tell at a cost (volume sizes on devicemapper).
    let reader: DataRootReader
    let driver: String

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
        // devicemapper: the daemon measures a writable layer by mounting its thin device, which allocates pool
        // blocks and, on a full pool, hangs until the kernel gives up. The pool's own mappings say it instead.
        let measuresByMounting = driver == "devicemapper"
        for summary in try await client.containers(withSizes: !measuresByMounting) {
            let container = try await client.container(summary.Id)
            var name = container.Name
            if name.hasPrefix("/") { name.removeFirst() }
            // An empty mount-id names no layer.
            let mountID = (try? reader.mountID(of: container.Id, driver: driver)) ?? nil
            state.mountIDs[container.Id] = mountID?.isEmpty == false ? mountID : nil
            state.containers.append(
                ContainerEntry(
                    id: container.Id, name: name, image: container.Config?.Image, imageID: Digest(container.Image),
                    state: container.State.Status, driver: container.Driver,
                    // Asked with size=1, the API leaves SizeRw out when it is 0 (omitempty): absent means empty.
                    writableLayerBytes: measuresByMounting ? nil : UInt64(max(0, summary.SizeRw ?? 0))))
        }
        try await collectVolumes(into: &state, measuresByMounting: measuresByMounting)
        return state
    }

    /// Volumes with their sizes: `system df` is the only API call that reports them, but on devicemapper it
    /// also measures every container by mounting it, so there they are counted on disk as offline.
    private func collectVolumes(into state: inout CollectedState, measuresByMounting: Bool) async throws {
        var volumes: [EngineVolume]?
        var bytesOnDisk: [String: UInt64] = [:]
        if measuresByMounting {
            volumes = try await client.volumes()
            for volume in (try? reader.volumes()) ?? [] { bytesOnDisk[volume.name] = volume.bytes }
        } else {
            volumes = try await client.diskUsage().Volumes
            if volumes == nil { volumes = try await client.volumes() }
        }
        for volume in (volumes ?? []).sorted(by: { $0.Name < $1.Name }) {
            let reported = volume.UsageData.flatMap { $0.Size >= 0 ? UInt64($0.Size) : nil }
            state.volumes.append(
                VolumeEntry(
                    name: volume.Name, driver: volume.Driver, mountpoint: hostRoot.hostPath(of: volume.Mountpoint),
                    bytes: reported ?? bytesOnDisk[volume.Name]))
        }
    }

    private func digest(_ text: String?) -> Digest? {
        guard let text, !text.isEmpty else { return nil }
        return Digest(text)
    }
}
