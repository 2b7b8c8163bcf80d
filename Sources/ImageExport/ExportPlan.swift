import DockerState
import Inventory
import LayerArchive

/// What one export will do, worked out from the inventory before any byte is written.
public struct ExportPlan: Sendable {
    public struct Image: Sendable {
        public let entry: ImageEntry
        /// Real path of the config bytes in imagedb.
        public let configPath: String
        /// The parent's ID when the parent is exported too (docker load then restores the link).
        public let exportedParent: Digest?

        /// These images with parent links only to images among them: manifest.json must not name a parent that
        /// is not in the store, or docker load fails.
        static func keepingParents(within images: [Image]) -> [Image] {
            let ids = Set(images.map(\.entry.id))
            return images.map {
                Image(
                    entry: $0.entry, configPath: $0.configPath,
                    exportedParent: $0.exportedParent.flatMap { ids.contains($0) ? $0 : nil })
            }
        }
    }

    public struct Layer: Sendable {
        public let diffID: Digest
        public let chainID: Digest
        public let tarSize: UInt64?
        /// Real paths: the layer's tar-split and the directory holding its files.
        public let tarSplitPath: String?
        public let layerRoot: String?
        /// The graph driver's ID of the layer (devicemapper: the thin device's name in devicemapper/metadata).
        public let cacheID: String?
        /// The images that need it, for error messages ("app:1, tool:1").
        public let neededBy: [String]
    }

    public let images: [Image]
    /// Each distinct diffID once, in the order images first need them.
    public let layers: [Layer]
    public let notExported: [ExportManifest.NotExported]
    public let source: ExportOptions.Source
    public let dataRoot: String
    public let storageDriver: String
    /// devicemapper: the thin pool's name as the inventory found it (read through the kernel when active).
    public let poolName: String?

    /// Bytes the layer tars and configs take, each distinct layer once.
    public var totalBytes: UInt64 {
        layers.reduce(0) { $0 + ($1.tarSize ?? 0) } + images.reduce(0) { $0 + ($1.entry.configSize ?? 0) }
    }
}
