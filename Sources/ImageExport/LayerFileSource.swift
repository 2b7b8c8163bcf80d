import DockerState
import Foundation
import PoolFiles
import ThinPool

/// Where the disk source finds a layer's files to replay its tar-split over.
enum LayerFileSource: Sendable {
    /// overlay2, overlay, vfs: a plain directory per layer in the data root.
    case directories
    /// devicemapper without device-mapper in the kernel: each layer's thin device rebuilt from the pool's data and
    /// metadata files and mounted read-only; its `rootfs/` holds the layer's whole merged tree, of which the
    /// tar-split names the diff.
    case poolFiles(PoolFilesReader)
    /// devicemapper through the kernel: each layer's thin device activated read-only from the pool and mounted.
    case deviceMapper(DeviceMapperPoolReader)

    /// The source for `plan`: a devicemapper plan opens the pool (thin_check, thin_dump; through the kernel,
    /// Docker's active pool or a read-only one of ours) once, here; `close()` lets it go.
    static func open(for plan: ExportPlan, options: ExportOptions, dataRoot: String, scratch: String) async throws
        -> LayerFileSource
    {
        guard ExportPlanner.poolReadableDrivers.contains(plan.storageDriver) else { return .directories }
        let layout = DataRootLayout(root: dataRoot, driver: plan.storageDriver)
        let loopFiles = (
            data: "\(layout.deviceMapperLoopFiles)/data", metadata: "\(layout.deviceMapperLoopFiles)/metadata"
        )
        let records = try DataRootReader(root: dataRoot).deviceMapperMetadata()
        guard let records else {
            throw ExportError.poolFilesMissing(dataRoot: dataRoot, missing: [layout.deviceMapperMetadata])
        }
        let missingLoopFiles = [loopFiles.data, loopFiles.metadata].filter {
            !FileManager.default.fileExists(atPath: $0)
        }
        if usesDeviceMapper(options.poolReader) {
            return .deviceMapper(
                try await DeviceMapperPoolReader.open(
                    poolName: plan.poolName, files: options.poolFiles ?? (missingLoopFiles.isEmpty ? loopFiles : nil),
                    deviceRecords: records, scratchDirectory: scratch))
        }
        if options.poolFiles == nil && !missingLoopFiles.isEmpty {
            throw ExportError.poolFilesMissing(dataRoot: dataRoot, missing: missingLoopFiles)
        }
        let files = options.poolFiles ?? loopFiles
        return .poolFiles(
            try await PoolFilesReader(
                dataFile: files.data, metadataFile: files.metadata, deviceRecords: records, scratchDirectory: scratch))
    }

    /// `auto` takes the kernel when it has device-mapper; on a kernel without it, `libdevmapper` is refused by
    /// `DeviceMapperPoolReader.open`, which says so.
    private static func usesDeviceMapper(_ reader: ExportOptions.PoolReader) -> Bool {
        switch reader {
        case .files: false
        case .auto: DeviceMapperClient().availability().isAvailable
        case .libdevmapper: true
        }
    }

    /// The manifest's word for how a layer's bytes were made.
    var recordedSource: String {
        switch self {
        case .directories: "tar-split"
        case .poolFiles: "tar-split+pool-files"
        case .deviceMapper: "tar-split+libdevmapper"
        }
    }

    /// Runs `body` with the directory of `layer`'s files, and takes down whatever was set up for it afterwards.
    func withRoot<T>(of layer: ExportPlan.Layer, _ body: (String) async throws -> T) async throws -> T {
        switch self {
        case .directories:
            guard let root = layer.layerRoot else { throw LayerFilesUnknown() }
            return try await body(root)
        case .poolFiles(let reader):
            guard let hash = layer.cacheID else { throw LayerFilesUnknown() }
            return try await reader.withDevice(hash: hash, body)
        case .deviceMapper(let reader):
            guard let hash = layer.cacheID else { throw LayerFilesUnknown() }
            return try await reader.withDevice(hash: hash, body)
        }
    }

    /// Lets go of what `open` set up (our read-only pool); nil when nothing is left behind.
    func close() async -> (any Error)? {
        guard case .deviceMapper(let reader) = self else { return nil }
        return await reader.close()
    }

    struct LayerFilesUnknown: Error, CustomStringConvertible {
        var description: String { "its files are not known (no cache-id in layerdb)" }
    }
}
