import DockerState
import Foundation
import LayerArchive

/// The layers on disk, with each layer's exact tar size measured once from its tar-split.
struct LayerCatalog {
    let layers: [Digest: StoredLayer]
    private(set) var tarSizes: [Digest: UInt64] = [:]

    /// Measures every layer's tar-split, on all cores (a host has hundreds of layers, each a gzip of JSON lines);
    /// a damaged one becomes a problem naming the layer.
    init(layers: [Digest: StoredLayer], problems: inout [StateProblem]) {
        self.layers = layers
        let ordered = layers.values.sorted(by: { $0.chainID < $1.chainID })
        let outcomes = ConcurrentResults<Result<UInt64, Error>?>(count: ordered.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: ordered.count) { index in
            guard let path = ordered[index].tarSplitPath else { return }
            outcomes.set(index, Result { try TarSplitSummary.measure(path: path).tarBytes })
        }
        for (layer, outcome) in zip(ordered, outcomes.values) {
            switch outcome {
            case .success(let bytes)?:
                tarSizes[layer.chainID] = bytes
            case .failure(let error)?:
                problems.append(
                    StateProblem(
                        severity: .error, code: "tar-split-corrupt", subject: layer.chainID.description,
                        message: "layer \(layer.diffID) cannot be rebuilt byte for byte: \(error)"))
            case nil:
                continue
            }
        }
    }

    /// The entries for an image's diffIDs; layers absent from layerdb become problems naming the image.
    func entries(for image: Digest, diffIDs: [Digest], problems: inout [StateProblem]) -> [LayerEntry] {
        zip(diffIDs, Digest.chainIDs(of: diffIDs)).map { diffID, chainID in
            guard let layer = layers[chainID] else {
                problems.append(
                    StateProblem(
                        severity: .error, code: "layer-missing", subject: image.description,
                        message: "image \(image.short) needs layer \(diffID) (chainID \(chainID.short)), "
                            + "which is not in layerdb: the image is incomplete and cannot be exported"))
                return LayerEntry(diffID: diffID, chainID: chainID, cacheID: nil, size: nil, tarSize: nil)
            }
            return LayerEntry(
                diffID: diffID, chainID: chainID, cacheID: layer.cacheID, size: layer.size,
                tarSize: tarSizes[chainID])
        }
    }

    /// Layers no image uses and no container stands on: left behind by an interrupted removal.
    func orphans(usedChains: Set<Digest>) -> [StoredLayer] {
        var needed = usedChains
        // A used chain needs all its ancestors too.
        var pending = Array(usedChains)
        while let chain = pending.popLast() {
            if let parent = layers[chain]?.parent, needed.insert(parent).inserted { pending.append(parent) }
        }
        return layers.values.filter { !needed.contains($0.chainID) }.sorted { $0.chainID < $1.chainID }
    }
}
