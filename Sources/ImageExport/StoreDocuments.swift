import DockerState
import Foundation
import Inventory
import LayerArchive

/// Builds the store's index, manifests and records from the exported images, so `docker load`, OCI tools and
/// `drivershift verify` all see the same images.
struct StoreDocuments {
    let writer: ExportStoreWriter

    struct Written {
        var index = OCIImageLayout.Index(manifests: [])
        var dockerManifest: [DockerArchiveManifest] = []
        var repositories: [String: [String: String]] = [:]
    }

    /// Writes each image's config (checked against its ID) and OCI manifest blob; returns the documents to write.
    /// `sizes` are the bytes each layer blob really has (written or found in the store).
    func build(images: [ExportPlan.Image], sources: [Digest: String], sizes: [Digest: UInt64]) throws -> (
        Written, [ExportManifest.Image]
    ) {
        var written = Written()
        var records: [ExportManifest.Image] = []
        for image in images {
            let entry = image.entry
            let config = try Data(contentsOf: URL(fileURLWithPath: image.configPath))
            try writer.writeBlob(config, expectedHex: entry.id.hex)
            let layers = entry.layers.map {
                OCIImageLayout.Descriptor(
                    mediaType: OCIImageLayout.layerMediaType, digest: $0.diffID.description,
                    size: sizes[$0.diffID] ?? $0.tarSize ?? 0)
            }
            let manifest = OCIImageLayout.Manifest(
                config: OCIImageLayout.Descriptor(
                    mediaType: OCIImageLayout.configMediaType, digest: entry.id.description, size: UInt64(config.count)),
                layers: layers)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let manifestBytes = try encoder.encode(manifest)
            let manifestHex = try writer.writeBlob(manifestBytes)
            let descriptor = OCIImageLayout.Descriptor(
                mediaType: OCIImageLayout.manifestMediaType, digest: "sha256:\(manifestHex)",
                size: UInt64(manifestBytes.count))
            if entry.tags.isEmpty {
                written.index.manifests.append(descriptor)
            }
            for tag in entry.tags {
                var annotated = descriptor
                let (repository, tagName) = Self.split(tag)
                annotated.annotations = [
                    OCIImageLayout.imageNameAnnotation: tag, OCIImageLayout.refNameAnnotation: tag,
                ]
                written.index.manifests.append(annotated)
                if let top = entry.layers.last {
                    written.repositories[repository, default: [:]][tagName] = top.diffID.hex
                }
            }
            written.dockerManifest.append(
                DockerArchiveManifest(
                    Config: ExportStoreLayout.relativeBlobPath(hex: entry.id.hex), RepoTags: entry.tags,
                    Layers: entry.layers.map { ExportStoreLayout.relativeBlobPath(hex: $0.diffID.hex) },
                    Parent: image.exportedParent?.description))
            records.append(
                ExportManifest.Image(
                    id: entry.id.description, tags: entry.tags, repoDigests: entry.repoDigests,
                    parent: image.exportedParent?.description, configSize: UInt64(config.count),
                    layers: entry.layers.map {
                        ExportManifest.Layer(
                            diffID: $0.diffID.description, size: sizes[$0.diffID] ?? $0.tarSize ?? 0,
                            source: sources[$0.diffID] ?? "unknown")
                    }))
        }
        return (written, records)
    }

    /// `registry:5000/team/app:1` -> (`registry:5000/team/app`, `1`): the tag follows the last colon after the
    /// last slash.
    static func split(_ reference: String) -> (String, String) {
        let slash = reference.lastIndex(of: "/") ?? reference.startIndex
        guard let colon = reference[slash...].lastIndex(of: ":") else { return (reference, "latest") }
        return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
    }
}
