import DockerState
import Foundation
import LayerArchive

/// Rebuilds layer tars byte for byte by replaying each layer's tar-split over its files on disk, several layers
/// at a time, each streamed into a digest-checking blob writer. Needs no daemon.
struct DiskLayerExporter: Sendable {
    let layout: ExportStoreLayout
    let files: LayerFileSource
    let observer: ExportObserver
    let jobs: Int
    let failFast: Bool

    /// Exports `layers`, returning each one's result by diffID.
    func export(_ layers: [ExportPlan.Layer]) async throws -> [Digest: LayerResult] {
        var results: [Digest: LayerResult] = [:]
        try await withThrowingTaskGroup(of: (Digest, LayerResult).self) { group in
            var pending = layers[...]
            func startNext() {
                guard let layer = pending.popFirst() else { return }
                group.addTask { (layer.diffID, await exportOne(layer)) }
            }
            for _ in 0..<jobs { startNext() }
            while let (diffID, result) = try await group.next() {
                results[diffID] = result
                if failFast, case .failed(let message) = result {
                    group.cancelAll()
                    throw ExportError.stoppedAtFirstFailure(message)
                }
                startNext()
            }
        }
        return results
    }

    private func exportOne(_ layer: ExportPlan.Layer) async -> LayerResult {
        let diffID = layer.diffID.description
        guard let tarSplitPath = layer.tarSplitPath else { return fail(layer, "its tar-split is not known") }
        observer.handle(.layerStarted(diffID: diffID, bytes: layer.tarSize ?? 0))
        do {
            let total = try await files.withRoot(of: layer) { layerRoot in
                let writer = try BlobWriter(layout: layout, expectedHex: layer.diffID.hex)
                var sink = writer
                let total = try TarSplitReplayer.replay(tarSplitPath: tarSplitPath, layerRoot: layerRoot, into: &sink) {
                    observer.handle(.layerProgress(diffID: diffID, bytesDone: $0))
                }
                try writer.commit()
                return total
            }
            observer.handle(.layerFinished(diffID: diffID, bytes: total, reused: false))
            return .written(bytes: total)
        } catch {
            return fail(layer, "\(error)")
        }
    }

    private func fail(_ layer: ExportPlan.Layer, _ reason: String) -> LayerResult {
        let message =
            "layer \(layer.diffID) (needed by \(layer.neededBy.joined(separator: ", "))) was not exported: \(reason)"
        observer.handle(.layerFailed(diffID: layer.diffID.description, images: layer.neededBy, message: message))
        return .failed(message: message)
    }
}
