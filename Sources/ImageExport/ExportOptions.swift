/// What to export, from where, and how.
public struct ExportOptions: Sendable {
    public enum Selection: Sendable, Equatable {
        /// Every image with a tag or a digest reference (the default).
        case tagged
        /// Every image, untagged ones exported by ID.
        case all
        /// These references: `repo:tag`, `repo@sha256:...`, a full or short (12+ hex) image ID.
        case references([String])
    }

    /// How `--source disk` reads a devicemapper pool.
    public enum PoolReader: String, Sendable, CaseIterable {
        /// Through the kernel when it has device-mapper, else from the pool's files.
        case auto
        /// libdevmapper: each layer's thin device activated read-only and mounted.
        case libdevmapper
        /// thin_dump of the metadata and sparse device images from the data file; needs no device-mapper.
        case files
    }

    public enum Source: String, Sendable, CaseIterable {
        /// Disk when the driver's layers can be read there, else the daemon.
        case auto
        /// The Engine API's image export (`docker save`); needs a running daemon.
        case daemon
        /// Replay each layer's tar-split over its files, straight from the data root; no daemon needed.
        case disk
    }

    /// The store directory (a real path, not resolved under the host root: the export may go anywhere).
    public var storeRoot: String
    public var selection: Selection
    public var source: Source
    /// Layers rebuilt at the same time.
    public var jobs: Int
    /// Stop at the first layer whose digest is wrong instead of exporting the rest.
    public var failFast: Bool
    /// A devicemapper pool's data and metadata files for `--source disk`; nil means the loop-lvm files under
    /// the data root. For a direct-lvm pool: images (or the read-only devices) of its data and metadata volumes.
    public var poolFiles: (data: String, metadata: String)?
    public var poolReader: PoolReader

    public init(
        storeRoot: String, selection: Selection = .tagged, source: Source = .auto, jobs: Int = 2,
        failFast: Bool = false, poolFiles: (data: String, metadata: String)? = nil, poolReader: PoolReader = .auto
    ) {
        self.storeRoot = storeRoot
        self.poolFiles = poolFiles
        self.poolReader = poolReader
        self.selection = selection
        self.source = source
        self.jobs = max(1, jobs)
        self.failFast = failFast
    }
}
