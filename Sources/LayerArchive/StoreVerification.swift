import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of `ExportStoreVerifier`: reads the documents, hashes the blobs, then checks the documents against the
/// blobs and one another. Blobs are hashed before anything reads a config or manifest from them, so a damaged
/// blob is reported once, as what it is, rather than as every inconsistency its damage causes downstream.
struct StoreVerification {
    static let ociLayoutName = "oci-layout"
    static let indexName = "index.json"
    static let dockerManifestName = "manifest.json"
    static let repositoriesName = "repositories"
    static let exportManifestName = "drivershift-export.json"
    static let blobsName = "blobs/sha256"
    /// No document of a store comes near this; a larger one is not what its name says, and is not read.
    static let documentLimit: UInt64 = 256 << 20
    /// Configs and manifests are kilobytes; a "config" this large is a layer named in the wrong place.
    static let smallBlobLimit: UInt64 = 16 << 20
    /// tar-split replayed over the layer's files (directories, or a devicemapper pool read from its files or
    /// through libdevmapper), or the Engine API's image export.
    static let knownLayerSources: Set<String> = [
        "tar-split", "tar-split+pool-files", "tar-split+libdevmapper", "daemon",
    ]

    /// One descriptor of index.json and the image its manifest leads to (nil when that manifest is unusable).
    struct IndexEntry {
        let position: Int
        let name: String?
        let imageHex: String?
    }

    let layout: ExportStoreLayout
    var problems: [StoreProblem] = []

    // The documents; nil when missing or unreadable (already reported).
    var index: OCIImageLayout.Index?
    var dockerEntries: [DockerArchiveManifest]?
    var repositories: [String: [String: String]]?
    var exportManifest: ExportManifest?
    /// drivershift-export.json's images by image ID hex.
    var exportImages: [String: ExportManifest.Image] = [:]

    // The blobs, by hex name, and every reference to them.
    var blobs: [String: BlobState] = [:]
    /// Whether blobs/sha256 could be listed at all.
    var blobsListed = false
    var blobsChecked = 0
    var bytesHashed: UInt64 = 0
    var references: [String: [BlobReference]] = [:]
    /// False when a document could not be read: then an unreferenced blob may be referenced by it.
    var referencesComplete = true

    // What the blobs say, read once each.
    var configDiffIDs: [String: [String]] = [:]
    var unusableConfigs: Set<String> = []
    var manifestConfigs: [String: String] = [:]
    var unusableManifests: Set<String> = []
    var indexEntries: [IndexEntry] = []
    /// Names (familiar form) of index descriptors whose manifest could not be read, and whether one had none.
    var unresolvedIndexNames: Set<String> = []
    var unresolvedUntaggedIndexEntry = false
    var dockerImages: [String: DockerArchiveManifest] = [:]

    /// Refuses what is not an export store at all; everything else is left for `run` to report.
    init(layout: ExportStoreLayout) throws {
        self.layout = layout
        let root = layout.root
        var info = stat()
        guard stat(root, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw LayerArchiveError.cannotOpen(
                path: root, reason: "\(reason). Give the directory `drivershift export --to DIR` wrote")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw LayerArchiveError.cannotOpen(
                path: root,
                reason: "it is not a directory. An export store is the directory `drivershift export --to DIR` wrote")
        }
        guard access(root, R_OK | X_OK) == 0 else {
            throw LayerArchiveError.cannotOpen(
                path: root,
                reason: "\(String(cString: strerror(errno))). The store is readable by root only: run as root")
        }
        let markers = [layout.ociLayout, layout.index, layout.exportManifest]
        guard markers.contains(where: { access($0, F_OK) == 0 }) else {
            let started = access(layout.blobs, F_OK) == 0
            throw LayerArchiveError.cannotOpen(
                path: root,
                reason: started
                    ? "it is not a finished export store: it has blobs/sha256 but none of oci-layout, index.json, "
                        + "drivershift-export.json (an export into it stopped before writing them). "
                        + "Rerun `drivershift export --to \(root)`"
                    : "it is not an export store: it has none of oci-layout, index.json, drivershift-export.json. "
                        + "Give the directory `drivershift export --to DIR` wrote")
        }
    }

    mutating func run(concurrentBlobs: Int, progress: @escaping @Sendable (StoreVerifyProgress) -> Void)
        -> ExportStoreReport
    {
        readDocuments()
        hashBlobs(concurrentBlobs: concurrentBlobs, progress: progress)
        checkIndex()
        checkDockerManifest()
        checkExportManifest()
        checkTags()
        checkRepositories()
        checkBlobReferences()
        let ordered = problems.sorted {
            ($0.severity == .error ? 0 : 1, $0.path, $0.code.rawValue, $0.message)
                < ($1.severity == .error ? 0 : 1, $1.path, $1.code.rawValue, $1.message)
        }
        return ExportStoreReport(
            store: layout.root, blobsChecked: blobsChecked, bytesHashed: bytesHashed, images: imageCount,
            tags: tagCount, problems: ordered)
    }

    mutating func add(
        _ severity: StoreProblem.Severity, _ code: StoreProblem.Code, path: String, image: String? = nil,
        tag: String? = nil, _ message: String
    ) {
        problems.append(
            StoreProblem(severity: severity, code: code, path: path, image: image, tag: tag, message: message))
    }

    mutating func addReference(
        _ hex: String, _ role: BlobReference.Role, referrer: String, image: String?, tag: String?, expectedSize: UInt64?
    ) {
        references[hex, default: []].append(
            BlobReference(role: role, referrer: referrer, image: image, tag: tag, expectedSize: expectedSize))
    }

    /// Every image ID named anywhere: drivershift-export.json, manifest.json, index.json's manifests.
    var imageCount: Int {
        var images = Set(exportImages.keys).union(dockerImages.keys)
        images.formUnion(indexEntries.compactMap(\.imageHex))
        return images.count
    }

    /// Every tag named anywhere, Docker Hub names in their short form.
    var tagCount: Int {
        var tags = Set(exportImages.values.flatMap(\.tags).map(ImageTagReference.familiar))
        tags.formUnion(dockerImages.values.flatMap { $0.RepoTags ?? [] }.map(ImageTagReference.familiar))
        tags.formUnion(indexEntries.compactMap(\.name).map(ImageTagReference.familiar))
        return tags.count
    }

    /// `sha256:ab12cd34ef56…`, for messages.
    static func shortImage(_ hex: String) -> String { BlobDigest.algorithmPrefix + BlobDigest.short(hex) }

    static func list(_ items: [String]) -> String {
        items.isEmpty ? "none" : items.joined(separator: ", ")
    }
}
