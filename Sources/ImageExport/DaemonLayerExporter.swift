import DockerEngine
import DockerState
import Foundation
import LayerArchive

#if canImport(Glibc)
    import Glibc
#endif

/// Exports layers through the daemon's own image export (`docker save`), streamed: the tar arrives on a pipe,
/// libarchive splits it into members on a thread of its own, and each layer member goes straight into a
/// digest-checking blob writer. Nothing is staged in the daemon's tmp or ours.
struct DaemonLayerExporter: Sendable {
    let client: EngineClient
    let layout: ExportStoreLayout
    let observer: ExportObserver

    /// Exports `layers` of `images`; `keep` names the blobs of the store that must never be removed (layers
    /// reused from an earlier run, configs), even when the save stream carries the same bytes.
    func export(images: [ExportPlan.Image], layers: [ExportPlan.Layer], keep: Set<String>) async throws -> [Digest:
        LayerResult]
    {
        let wanted = Dictionary(layers.map { ($0.diffID.hex, $0) }) { first, _ in first }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw ExportError.storeUnusable(
                path: layout.root, reason: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        let reader = ThreadedReader(layout: layout, wanted: wanted, keep: keep, observer: observer, descriptor: readEnd)
        let reading = reader.start()
        do {
            try await client.exportImages(images.map(\.entry.id.description), into: writeEnd)
            close(writeEnd)
        } catch {
            close(writeEnd)
            _ = await reading.value
            close(readEnd)
            throw error
        }
        let outcome = await reading.value
        close(readEnd)
        var results = outcome.results
        if let failure = outcome.failure {
            for layer in layers where results[layer.diffID] == nil {
                results[layer.diffID] = .failed(message: "reading the daemon's export failed: \(failure)")
            }
        }
        for layer in layers where results[layer.diffID] == nil {
            let message =
                "layer \(layer.diffID) (needed by \(layer.neededBy.joined(separator: ", "))) was not in "
                + "the daemon's export, or its bytes did not match its diffID"
            observer.handle(.layerFailed(diffID: layer.diffID.description, images: layer.neededBy, message: message))
            results[layer.diffID] = .failed(message: message)
        }
        return results
    }

    /// Reads the tar on a dedicated thread: libarchive blocks on the pipe, which must not stall Swift's
    /// cooperative threads that feed the other end.
    final class ThreadedReader: Sendable {
        struct Outcome: Sendable {
            var results: [Digest: LayerResult] = [:]
            var failure: String?
        }

        let layout: ExportStoreLayout
        let wanted: [String: ExportPlan.Layer]
        let keep: Set<String>
        let observer: ExportObserver
        let descriptor: Int32

        init(
            layout: ExportStoreLayout, wanted: [String: ExportPlan.Layer], keep: Set<String>, observer: ExportObserver,
            descriptor: Int32
        ) {
            self.layout = layout
            self.wanted = wanted
            self.keep = keep
            self.observer = observer
            self.descriptor = descriptor
        }

        func start() -> Task<Outcome, Never> {
            Task {
                await withCheckedContinuation { continuation in
                    let thread = Thread { continuation.resume(returning: self.read()) }
                    thread.name = "drivershift-daemon-export"
                    thread.start()
                }
            }
        }

        private func read() -> Outcome {
            var outcome = Outcome()
            do {
                let archive = try ArchiveEntryReader(descriptor: descriptor, label: "the daemon's image export")
                while let entry = try archive.next() {
                    // docker 20.10 writes <id>/layer.tar; 25+ writes OCI blobs/sha256/<digest>.
                    guard entry.isRegularFile,
                        entry.path.hasSuffix("/layer.tar") || entry.path.hasPrefix("blobs/sha256/")
                    else { continue }
                    let writer = try BlobWriter(layout: layout, expectedHex: nil)
                    var sink = writer
                    try archive.copyData(into: &sink)
                    let hex = try writer.commit()
                    guard let layer = wanted[hex], outcome.results[layer.diffID] == nil else {
                        // Not a layer we want (a config or manifest of the save): drop it unless the store keeps it.
                        if wanted[hex] == nil && !keep.contains(hex) { unlink(layout.blob(hex: hex)) }
                        continue
                    }
                    observer.handle(
                        .layerFinished(diffID: layer.diffID.description, bytes: writer.bytesWritten, reused: false))
                    outcome.results[layer.diffID] = .written(bytes: writer.bytesWritten)
                }
                // Drain anything after the end-of-archive marker so the writer never blocks on a full pipe.
                var scratch = [UInt8](repeating: 0, count: 65536)
                while scratch.withUnsafeMutableBytes({ Glibc.read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            } catch {
                outcome.failure = "\(error)"
                var scratch = [UInt8](repeating: 0, count: 65536)
                while scratch.withUnsafeMutableBytes({ Glibc.read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            }
            return outcome
        }
    }
}
