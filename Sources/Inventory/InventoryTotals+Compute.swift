import DockerState

extension InventoryTotals {
    /// Totals with each distinct layer counted once however many images share it.
    static func compute(state: CollectedState) -> InventoryTotals {
        var uniqueLayers: [Digest: LayerEntry] = [:]
        var taggedLayers: [Digest: LayerEntry] = [:]
        var configBytesAll: UInt64 = 0
        var configBytesTagged: UInt64 = 0
        for image in state.images {
            for layer in image.layers { uniqueLayers[layer.diffID] = layer }
            configBytesAll += image.configSize ?? 0
            if !image.tags.isEmpty || !image.repoDigests.isEmpty {
                for layer in image.layers { taggedLayers[layer.diffID] = layer }
                configBytesTagged += image.configSize ?? 0
            }
        }
        return InventoryTotals(
            images: state.images.count,
            taggedImages: state.images.filter { !$0.tags.isEmpty }.count,
            danglingImages: state.images.filter(\.dangling).count,
            uniqueLayers: uniqueLayers.count,
            uniqueLayerBytes: uniqueLayers.values.reduce(0) { $0 + ($1.size ?? 0) },
            exportBytesTagged: taggedLayers.values.reduce(configBytesTagged) { $0 + ($1.tarSize ?? 0) },
            exportBytesAll: uniqueLayers.values.reduce(configBytesAll) { $0 + ($1.tarSize ?? 0) },
            containers: state.containers.count,
            volumes: state.volumes.count,
            volumeBytes: state.volumes.reduce(0) { $0 + ($1.bytes ?? 0) })
    }
}
