/// Where each part of an export store lives (docs/export-store.md). Paths are real paths.
public struct ExportStoreLayout: Sendable, Hashable {
    public let root: String

    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    public var ociLayout: String { "\(root)/oci-layout" }
    public var index: String { "\(root)/index.json" }
    public var dockerManifest: String { "\(root)/manifest.json" }
    public var repositories: String { "\(root)/repositories" }
    public var exportManifest: String { "\(root)/drivershift-export.json" }
    public var blobs: String { "\(root)/blobs/sha256" }

    /// A blob's final name: its own sha256, as OCI and `docker load` expect.
    public func blob(hex: String) -> String { "\(blobs)/\(hex)" }

    /// The path of a blob as manifest.json and index.json refer to it, relative to the root.
    public static func relativeBlobPath(hex: String) -> String { "blobs/sha256/\(hex)" }

    /// Temporary files of blobs being written start with this; a crash leaves them, a rerun removes them.
    public static let partialPrefix = ".partial-"
}
