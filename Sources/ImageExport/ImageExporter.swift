import DockerEngine
import DockerState
import Foundation
import HostSystem
import Inventory
import LayerArchive

/// Carries out an `ExportPlan`: checks space, writes every distinct layer once (verified against its diffID),
/// then the configs (verified against their image IDs), the OCI and docker manifests and drivershift's record.
/// Rerunning the same export reuses the blobs already written and finishes the rest.
public struct ImageExporter: Sendable {
    public let plan: ExportPlan
    public let options: ExportOptions
    public let inventory: HostInventory
    public let hostRoot: HostRoot
    /// Needed for `--source daemon`.
    public let client: EngineClient?
    public let observer: ExportObserver

    public init(
        plan: ExportPlan, options: ExportOptions, inventory: HostInventory, hostRoot: HostRoot, client: EngineClient?,
        observer: ExportObserver
    ) {
        self.plan = plan
        self.options = options
        self.inventory = inventory
        self.hostRoot = hostRoot
        self.client = client
        self.observer = observer
    }

    public func run() async throws -> ExportSummary {
        let layout = ExportStoreLayout(root: options.storeRoot)
        try refuseStoreInsideDataRoot(layout)
        let storeExisted = FileManager.default.fileExists(atPath: layout.root)
        do {
            return try await write(into: layout)
        } catch {
            // A run refused before it wrote anything (the pool in use, say) leaves no empty store behind; rmdir
            // only ever removes empty directories.
            if !storeExisted {
                for directory in [layout.blobs, "\(layout.root)/blobs", layout.root] { rmdir(directory) }
            }
            throw error
        }
    }

    private func write(into layout: ExportStoreLayout) async throws -> ExportSummary {
        let started = Date()
        let writer = try ExportStoreWriter(layout: layout)

        var results: [Digest: LayerResult] = [:]
        var toWrite: [ExportPlan.Layer] = []
        for layer in plan.layers {
            if writer.hasBlob(hex: layer.diffID.hex, size: layer.tarSize) {
                let size = (try? FileFacts.of(layout.blob(hex: layer.diffID.hex)))??.apparentBytes
                results[layer.diffID] = .reused(bytes: size ?? layer.tarSize ?? 0)
            } else {
                toWrite.append(layer)
            }
        }
        let bytesToWrite =
            toWrite.reduce(0) { $0 + ($1.tarSize ?? 0) } + plan.images.reduce(0) { $0 + ($1.entry.configSize ?? 0) }
        try SpaceCheck.require(bytes: bytesToWrite, at: layout.root)
        observer.handle(
            .planned(
                images: plan.images.count, layers: plan.layers.count, bytesToWrite: bytesToWrite,
                bytesAlreadyPresent: plan.totalBytes - min(plan.totalBytes, bytesToWrite), source: plan.source.rawValue)
        )
        for layer in plan.layers {
            if case .reused(let bytes) = results[layer.diffID] {
                observer.handle(.layerFinished(diffID: layer.diffID.description, bytes: bytes, reused: true))
            }
        }

        let fresh: [Digest: LayerResult]
        let source: String
        switch plan.source {
        case .daemon:
            guard let client else { throw ExportError.daemonRequired(reason: "no connection to the daemon") }
            let keep = Set(plan.layers.map(\.diffID.hex) + plan.images.map(\.entry.id.hex))
            fresh = try await DaemonLayerExporter(client: client, layout: layout, observer: observer)
                .export(images: imagesNeeding(toWrite), layers: toWrite, keep: keep)
            source = "daemon"
        case .disk, .auto:
            (fresh, source) = try await exportFromDisk(toWrite, layout: layout)
        }
        results.merge(fresh) { _, new in new }

        // An image is exported only when every one of its layers is.
        var exported: [ExportPlan.Image] = []
        var notExported = plan.notExported
        for image in plan.images {
            let failed = image.entry.layers.compactMap { layer -> String? in
                if case .failed(let message) = results[layer.diffID] { return message }
                return results[layer.diffID] == nil ? "layer \(layer.diffID) was not exported" : nil
            }
            if let reason = failed.first {
                notExported.append(.init(image: image.entry.id.description, tags: image.entry.tags, reason: reason))
            } else {
                exported.append(image)
            }
        }
        for item in notExported {
            observer.handle(.imageNotExported(image: item.image, tags: item.tags, reason: item.reason))
        }
        exported = ExportPlan.Image.keepingParents(within: exported)

        var layerSources: [Digest: String] = [:]
        for layer in plan.layers { layerSources[layer.diffID] = source }
        var sizes: [Digest: UInt64] = [:]
        for (diffID, result) in results {
            switch result {
            case .written(let bytes), .reused(let bytes): sizes[diffID] = bytes
            case .failed: break
            }
        }
        let (documents, records) = try StoreDocuments(writer: writer).build(
            images: exported, sources: layerSources, sizes: sizes)
        try writer.writeJSON(OCIImageLayout.LayoutFile(), to: layout.ociLayout)
        try writer.writeJSON(documents.index, to: layout.index)
        try writer.writeJSON(documents.dockerManifest, to: layout.dockerManifest)
        try writer.writeJSON(documents.repositories, to: layout.repositories)
        let record = ExportManifest(
            tool: "drivershift \(DriverShiftVersion.current)", createdAt: ISO8601DateFormatter().string(from: started),
            host: .init(
                hostname: ProcessInfo.processInfo.hostName, hostRoot: hostRoot.description, dataRoot: plan.dataRoot,
                storageDriver: plan.storageDriver, dockerVersion: inventory.docker.version),
            images: records, notExported: notExported)
        // Written last: its presence means the store is complete as far as this run got.
        try writer.writeJSON(record, to: layout.exportManifest)

        var summary = ExportSummary(
            storeRoot: layout.root, source: source, imagesExported: exported.count,
            imagesNotExported: notExported.count,
            layersWritten: 0, layersReused: 0, layersFailed: 0, bytesWritten: 0,
            seconds: Date().timeIntervalSince(started))
        for result in results.values {
            switch result {
            case .written(let bytes):
                summary.layersWritten += 1
                summary.bytesWritten += bytes
            case .reused: summary.layersReused += 1
            case .failed: summary.layersFailed += 1
            }
        }
        observer.handle(.finished(summary))
        return summary
    }

    private func imagesNeeding(_ layers: [ExportPlan.Layer]) -> [ExportPlan.Image] {
        let needed = Set(layers.map(\.diffID))
        return plan.images.filter { $0.entry.layers.contains { needed.contains($0.diffID) } }
    }

    /// devicemapper layers are mounted from images built in a scratch directory inside the store, the place the
    /// operator gave room to; it goes when the layers are written.
    /// Also returns the manifest's word for the layers' source (which pool reader made them).
    private func exportFromDisk(_ layers: [ExportPlan.Layer], layout: ExportStoreLayout) async throws
        -> ([Digest: LayerResult], String)
    {
        guard !layers.isEmpty else { return ([:], "tar-split") }
        let scratch = layout.root + "/.device-scratch"
        let usesPool = ExportPlanner.poolReadableDrivers.contains(plan.storageDriver)
        if usesPool {
            try FileManager.default.createDirectory(
                atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        defer { if usesPool { rmdir(scratch) } }
        let files = try await LayerFileSource.open(
            for: plan, options: options, dataRoot: hostRoot.resolve(plan.dataRoot), scratch: scratch)
        let results: [Digest: LayerResult]
        do {
            results = try await DiskLayerExporter(
                layout: layout, files: files, observer: observer, jobs: options.jobs, failFast: options.failFast
            ).export(layers)
        } catch {
            _ = await files.close()
            throw error
        }
        if let failure = await files.close() { throw failure }
        return (results, files.recordedSource)
    }

    private func refuseStoreInsideDataRoot(_ layout: ExportStoreLayout) throws {
        let dataRoot = hostRoot.resolve(plan.dataRoot)
        let store = URL(fileURLWithPath: layout.root).standardizedFileURL.path
        if store == dataRoot || store.hasPrefix(dataRoot + "/") {
            throw ExportError.storeInsideDataRoot(store: layout.root, dataRoot: plan.dataRoot)
        }
    }
}
