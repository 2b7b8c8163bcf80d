import DockerState
import Foundation
import PoolFiles

/// Where the disk source finds a layer's files to replay its tar-split over.
enum LayerFileSource: Sendable {
    /// overlay2, overlay, vfs: a plain directory per layer in the data root.
    case directories
    /// devicemapper: each layer's thin device rebuilt from the pool's data and metadata files and mounted
    /// read-only; its `rootfs/` holds the layer's whole merged tree, of which the tar-split names the diff.
    case pool(PoolFilesReader)

    /// The source for `plan`: a devicemapper plan opens the pool (thin_check, thin_dump) once, here.
    static func open(for plan: ExportPlan, options: ExportOptions, dataRoot: String, scratch: String) async throws
        -> LayerFileSource
    {
        guard ExportPlanner.poolReadableDrivers.contains(plan.storageDriver) else { return .directories }
        let layout = DataRootLayout(root: dataRoot, driver: plan.storageDriver)
        let files =
            options.poolFiles
            ?? (data: "\(layout.deviceMapperLoopFiles)/data", metadata: "\(layout.deviceMapperLoopFiles)/metadata")
        if options.poolFiles == nil {
            let missing = [files.data, files.metadata].filter { !FileManager.default.fileExists(atPath: $0) }
            if !missing.isEmpty { throw ExportError.poolFilesMissing(dataRoot: dataRoot, missing: missing) }
        }
        let records = try DataRootReader(root: dataRoot).deviceMapperMetadata()
        guard let records else {
            throw ExportError.poolFilesMissing(dataRoot: dataRoot, missing: [layout.deviceMapperMetadata])
        }
        return .pool(
            try await PoolFilesReader(
                dataFile: files.data, metadataFile: files.metadata, deviceRecords: records, scratchDirectory: scratch))
    }

    /// Runs `body` with the directory of `layer`'s files, and takes down whatever was set up for it afterwards.
    func withRoot<T>(of layer: ExportPlan.Layer, _ body: (String) async throws -> T) async throws -> T {
        switch self {
        case .directories:
            guard let root = layer.layerRoot else { throw LayerFilesUnknown() }
            return try await body(root)
        case .pool(let reader):
            guard let hash = layer.cacheID else { throw LayerFilesUnknown() }
            return try await reader.withDevice(hash: hash, body)
        }
    }

    struct LayerFilesUnknown: Error, CustomStringConvertible {
        var description: String { "its files are not known (no cache-id in layerdb)" }
    }
}
