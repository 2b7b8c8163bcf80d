import Crypto
import Foundation

@testable import LayerArchive

/// A small export store written by hand, exactly as docs/export-store.md lays it out, with three images:
/// `base` (one layer, tag drivershift-test/base:1), `app` (base's layer plus one, tags drivershift-test/app:1 and
/// drivershift-test/app:latest, parent base) and an untagged image exported by ID. Directories 0700, files 0600.
///
/// Set `KEEP_EXPORT_STORE_FIXTURES=1` to keep the stores (their paths are printed), e.g. to run
/// `drivershift verify` on one by hand.
struct ExportStoreFixture {
    struct Image {
        let configHex: String
        let layerHexes: [String]
        let manifestHex: String
        let tags: [String]
        var id: String { "sha256:\(configHex)" }
    }

    let root: URL
    let base: Image
    let app: Image
    let untagged: Image
    /// Every blob written and its size.
    let blobSizes: [String: Int]

    var path: String { root.path }
    var imageCount: Int { 3 }
    var tagCount: Int { 3 }

    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    init(name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "export-store-\(safe)-\(UUID().uuidString)")
        root = directory
        try Self.makeDirectory(directory)
        try Self.makeDirectory(directory.appendingPathComponent("blobs"))
        try Self.makeDirectory(directory.appendingPathComponent("blobs/sha256"))
        var sizes: [String: Int] = [:]
        func blob(_ data: Data) throws -> String {
            let hex = Self.hex(data)
            try Self.write(data, to: directory.appendingPathComponent("blobs/sha256/\(hex)"))
            sizes[hex] = data.count
            return hex
        }

        // Layer blobs: arbitrary bytes (whole 512-byte blocks, like a tar), named by their sha256 = diffID.
        let baseLayer = try blob(Self.bytes(seed: 1, count: 3 * 512))
        let appLayer = try blob(Self.bytes(seed: 2, count: 5 * 512))
        let otherLayer = try blob(Self.bytes(seed: 3, count: 2 * 512))

        func image(_ layers: [String], tags: [String], created: String) throws -> Image {
            let diffIDs = layers.map { "\"sha256:\($0)\"" }.joined(separator: ",")
            let config = Data(
                """
                {"architecture":"amd64","config":{"Cmd":["/bin/sh"]},"created":"\(created)","os":"linux",\
                "rootfs":{"type":"layers","diff_ids":[\(diffIDs)]}}
                """.utf8)
            let configHex = try blob(config)
            let manifest = OCIImageLayout.Manifest(
                config: .init(
                    mediaType: OCIImageLayout.configMediaType, digest: "sha256:\(configHex)", size: UInt64(config.count)
                ),
                layers: layers.map {
                    .init(
                        mediaType: OCIImageLayout.layerMediaType, digest: "sha256:\($0)", size: UInt64(sizes[$0] ?? 0))
                })
            let manifestHex = try blob(try Self.encode(manifest))
            return Image(configHex: configHex, layerHexes: layers, manifestHex: manifestHex, tags: tags)
        }
        let base = try image([baseLayer], tags: ["drivershift-test/base:1"], created: "2026-01-01T00:00:00Z")
        let app = try image(
            [baseLayer, appLayer], tags: ["drivershift-test/app:1", "drivershift-test/app:latest"],
            created: "2026-01-02T00:00:00Z")
        let untagged = try image([otherLayer], tags: [], created: "2026-01-03T00:00:00Z")
        self.base = base
        self.app = app
        self.untagged = untagged
        blobSizes = sizes

        try write(OCIImageLayout.LayoutFile(), to: "oci-layout")
        try writeDocuments(images: [base, app, untagged], parents: [app.configHex: base.configHex])
        if ProcessInfo.processInfo.environment["KEEP_EXPORT_STORE_FIXTURES"] != nil {
            print("export store fixture kept at \(root.path)")
        }
    }

    /// index.json, manifest.json, repositories and drivershift-export.json for these images.
    func writeDocuments(images: [Image], parents: [String: String]) throws {
        var descriptors: [OCIImageLayout.Descriptor] = []
        var entries: [DockerArchiveManifest] = []
        var repositories: [String: [String: String]] = [:]
        var records: [ExportManifest.Image] = []
        for image in images {
            let manifestSize = UInt64(blobSizes[image.manifestHex] ?? 0)
            let descriptor = OCIImageLayout.Descriptor(
                mediaType: OCIImageLayout.manifestMediaType, digest: "sha256:\(image.manifestHex)", size: manifestSize)
            if image.tags.isEmpty { descriptors.append(descriptor) }
            for tag in image.tags {
                var annotated = descriptor
                guard let reference = ImageTagReference(tag) else { throw FixtureError(message: "\(tag) has no tag") }
                annotated.annotations = [
                    OCIImageLayout.imageNameAnnotation: tag, OCIImageLayout.refNameAnnotation: tag,
                ]
                descriptors.append(annotated)
                if let top = image.layerHexes.last {
                    repositories[reference.repository, default: [:]][reference.tag] = top
                }
            }
            let parent = parents[image.configHex].map { "sha256:\($0)" }
            entries.append(
                DockerArchiveManifest(
                    Config: "blobs/sha256/\(image.configHex)", RepoTags: image.tags,
                    Layers: image.layerHexes.map { "blobs/sha256/\($0)" }, Parent: parent))
            records.append(
                ExportManifest.Image(
                    id: image.id, tags: image.tags, repoDigests: [], parent: parent,
                    configSize: UInt64(blobSizes[image.configHex] ?? 0),
                    layers: image.layerHexes.map {
                        ExportManifest.Layer(
                            diffID: "sha256:\($0)", size: UInt64(blobSizes[$0] ?? 0), source: "tar-split")
                    }))
        }
        try write(OCIImageLayout.Index(manifests: descriptors), to: "index.json")
        try write(entries, to: "manifest.json")
        try write(repositories, to: "repositories")
        try write(
            ExportManifest(
                tool: "drivershift 0.1.0", createdAt: "2026-11-24T17:30:00Z",
                host: .init(
                    hostname: "test", hostRoot: "/", dataRoot: "/var/lib/docker", storageDriver: "devicemapper",
                    dockerVersion: "20.10.24+dfsg1"),
                images: records, notExported: []),
            to: "drivershift-export.json")
    }

    // MARK: Changing the store

    func blobPath(_ hex: String) -> String { "blobs/sha256/\(hex)" }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func read(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }

    func write<Document: Encodable>(_ document: Document, to relative: String) throws {
        try Self.write(try Self.encode(document), to: url(relative))
    }

    func writeRaw(_ data: Data, to relative: String) throws {
        try Self.write(data, to: url(relative))
    }

    /// Decodes a document, lets `change` edit it, writes it back.
    func edit<Document: Codable>(_ relative: String, as type: Document.Type, _ change: (inout Document) -> Void) throws
    {
        var document = try JSONDecoder().decode(Document.self, from: try read(relative))
        change(&document)
        try write(document, to: relative)
    }

    func flipByte(in relative: String, at offset: Int) throws {
        var data = try read(relative)
        data[offset] ^= 0xff
        try writeRaw(data, to: relative)
    }

    func truncate(_ relative: String, to count: Int) throws {
        try writeRaw(try read(relative).prefix(count), to: relative)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: url(relative))
    }

    func cleanUp() {
        guard ProcessInfo.processInfo.environment["KEEP_EXPORT_STORE_FIXTURES"] == nil else { return }
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: Helpers

    struct FixtureError: Error {
        let message: String
    }

    static func encode<Document: Encodable>(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    static func write(_ data: Data, to url: URL) throws {
        try data.write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    static func makeDirectory(_ url: URL) throws {
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    /// Deterministic bytes that differ by seed.
    static func bytes(seed: UInt8, count: Int) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 101) })
    }
}
