import DockerState

/// Images, containers and volumes as one source (the daemon or the disk) reports them.
struct CollectedState {
    var images: [ImageEntry] = []
    var containers: [ContainerEntry] = []
    var volumes: [VolumeEntry] = []
    /// Container ID -> its writable layer's driver ID (layerdb/mounts/<id>/mount-id), where known.
    var mountIDs: [String: String] = [:]

    /// Builds one image entry the same way for both sources, so online and offline agree.
    static func imageEntry(
        id: Digest, references: [String], created: String?, parent: Digest?, diffIDs: [Digest], configSize: UInt64?,
        graph: ImageGraph, catalog: LayerCatalog, problems: inout [StateProblem]
    ) -> ImageEntry {
        let layers = catalog.entries(for: id, diffIDs: diffIDs, problems: &problems)
        let tags = references.filter { !$0.contains("@") }.sorted()
        let digests = references.filter { $0.contains("@") }.sorted()
        let unreferenced = references.isEmpty
        let sizes = layers.map(\.size)
        let tarSizes = layers.map(\.tarSize)
        return ImageEntry(
            id: id, tags: tags, repoDigests: digests, created: created, parent: parent,
            dangling: unreferenced && !graph.hasChildren(id), intermediate: unreferenced && graph.hasChildren(id),
            layers: layers,
            size: sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) },
            tarSize: tarSizes.contains(nil) ? nil : tarSizes.reduce(0) { $0 + ($1 ?? 0) },
            configSize: configSize)
    }
}
