/// One thing wrong with an export store, found by `ExportStoreVerifier`: what, where, and what to do about it.
public struct StoreProblem: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// An image, a layer or a tag would not come back as it was: fix the store before importing it.
        case error
        /// Nothing is lost (a leftover of an interrupted export, a legacy file out of date), but worth knowing.
        case warning
    }

    /// Stable identifiers for scripts and tests; the raw values are part of `drivershift verify --format json`.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        // Files of the store.
        case fileMissing = "file-missing"
        case fileUnreadable = "file-unreadable"
        case invalidJSON = "invalid-json"
        case partialDocument = "partial-document"
        case permissionsTooOpen = "permissions-too-open"
        // Blobs.
        case blobMissing = "blob-missing"
        case blobDigestMismatch = "blob-digest-mismatch"
        case blobSizeMismatch = "blob-size-mismatch"
        case blobUnreadable = "blob-unreadable"
        case configIDMismatch = "config-id-mismatch"
        case recordedSizeMismatch = "recorded-size-mismatch"
        case partialBlob = "partial-blob"
        case unexpectedFile = "unexpected-file"
        case blobUnreferenced = "blob-unreferenced"
        // The OCI layout.
        case ociLayoutInvalid = "oci-layout-invalid"
        case indexInvalid = "index-invalid"
        case descriptorInvalid = "descriptor-invalid"
        case annotationMismatch = "annotation-mismatch"
        case manifestInvalid = "manifest-invalid"
        case configInvalid = "config-invalid"
        // Images, layers and tags across the documents.
        case layersDifferFromDiffIDs = "layers-differ-from-diff-ids"
        case dockerManifestInvalid = "docker-manifest-invalid"
        case tagMismatch = "tag-mismatch"
        case tagDuplicate = "tag-duplicate"
        case parentInvalid = "parent-invalid"
        case parentMismatch = "parent-mismatch"
        case repositoriesMismatch = "repositories-mismatch"
        case imageNotRecorded = "image-not-recorded"
        case imageMissingFromIndex = "image-missing-from-index"
        case imageMissingFromDockerManifest = "image-missing-from-docker-manifest"
        // drivershift-export.json.
        case unknownFormatVersion = "unknown-format-version"
        case exportManifestInvalid = "export-manifest-invalid"
        case unknownLayerSource = "unknown-layer-source"
        case imageNotExported = "image-not-exported"
    }

    public let severity: Severity
    public let code: Code
    /// The file concerned, relative to the store's root (`blobs/sha256/<hex>`, `manifest.json`, ...).
    public let path: String
    /// The image concerned (`sha256:<image ID>`), when known.
    public let image: String?
    /// The tag concerned (`repo:tag`), when known.
    public let tag: String?
    /// What is wrong and what to do about it.
    public let message: String

    public init(severity: Severity, code: Code, path: String, image: String? = nil, tag: String? = nil, message: String)
    {
        self.severity = severity
        self.code = code
        self.path = path
        self.image = image
        self.tag = tag
        self.message = message
    }
}
