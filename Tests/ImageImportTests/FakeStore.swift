import DockerState
import Foundation
import LayerArchive

/// A small export store on disk for the upload tests: blobs named by their sha256, manifest.json, index.json,
/// oci-layout and repositories, plus an unreferenced blob and a partial file that must not be sent.
/// The layers are arbitrary bytes: these tests look at the tar stream, not at a daemon.
final class FakeStore {
    let root: String
    /// Layer blobs by hex, in the order they were made.
    private(set) var layers: [String: [UInt8]] = [:]
    private(set) var configs: [String: [UInt8]] = [:]
    let appConfigHex: String
    let untaggedConfigHex: String
    let bigLayerHex: String
    let strayHex: String

    static let appTags = ["drivershift-test/app:1", "drivershift-test/app:latest"]

    init() throws {
        root = "/tmp/drivershift-fakestore-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: "\(root)/blobs/sha256", withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        // Not a multiple of 512, bigger than a chunk: padding and chunk boundaries both get exercised.
        let words = (0..<(3 * 1024 * 1024 / 8 + 3)).map { _ in generator.next() as UInt64 }
        let big = Array(words.withUnsafeBytes { $0.prefix(3 * 1024 * 1024 + 17) })
        let small = Array("a small layer\n".utf8)
        let empty: [UInt8] = []
        var layerHexes: [String] = []
        for layer in [big, small, empty] {
            let hex = Digest.sha256(of: layer).hex
            layers[hex] = layer
            layerHexes.append(hex)
        }
        bigLayerHex = layerHexes[0]
        let appConfig = Self.config(diffIDs: layerHexes)
        appConfigHex = Digest.sha256(of: appConfig).hex
        let untaggedConfig = Self.config(diffIDs: [layerHexes[0]])
        untaggedConfigHex = Digest.sha256(of: untaggedConfig).hex
        configs = [appConfigHex: appConfig, untaggedConfigHex: untaggedConfig]
        let stray = Array("left over from another export\n".utf8)
        strayHex = Digest.sha256(of: stray).hex

        for (hex, bytes) in layers.merging(configs, uniquingKeysWith: { first, _ in first }) {
            try write(bytes, to: "blobs/sha256/\(hex)")
        }
        try write(stray, to: "blobs/sha256/\(strayHex)")
        try write(Array("partial".utf8), to: "blobs/sha256/.partial-123")
        let manifest = [
            DockerArchiveManifest(
                Config: "blobs/sha256/\(appConfigHex)", RepoTags: Self.appTags,
                Layers: layerHexes.map { "blobs/sha256/\($0)" }),
            DockerArchiveManifest(
                Config: "blobs/sha256/\(untaggedConfigHex)", RepoTags: [], Layers: ["blobs/sha256/\(bigLayerHex)"]),
        ]
        try write(Array(try JSONEncoder().encode(manifest)), to: "manifest.json")
        let ociManifest = Array("{\"schemaVersion\":2}".utf8)
        let ociHex = Digest.sha256(of: ociManifest).hex
        try write(ociManifest, to: "blobs/sha256/\(ociHex)")
        configs[ociHex] = ociManifest
        let index = OCIImageLayout.Index(manifests: [
            OCIImageLayout.Descriptor(
                mediaType: OCIImageLayout.manifestMediaType, digest: "sha256:\(ociHex)",
                size: UInt64(ociManifest.count),
                annotations: [OCIImageLayout.refNameAnnotation: Self.appTags[0]])
        ])
        try write(Array(try JSONEncoder().encode(index)), to: "index.json")
        try write(Array("{\"imageLayoutVersion\":\"1.0.0\"}".utf8), to: "oci-layout")
        try write(Array("{\"drivershift-test/app\":{\"1\":\"\(layerHexes[2])\"}}".utf8), to: "repositories")
        try write(Array("{}".utf8), to: "drivershift-export.json")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Every blob that must be sent: referenced by manifest.json or index.json.
    var referencedBlobs: Set<String> { Set(layers.keys).union(configs.keys) }

    func write(_ bytes: [UInt8], to relative: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(relative)"))
    }

    func flipByte(inBlob hex: String, at offset: UInt64) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: "\(root)/blobs/sha256/\(hex)"))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let byte = try handle.read(upToCount: 1)?.first ?? 0
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([byte ^ 0xff]))
    }

    private static func config(diffIDs: [String]) -> [UInt8] {
        let ids = diffIDs.map { "\"sha256:\($0)\"" }.joined(separator: ",")
        return Array(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\(ids)]}}".utf8)
    }
}
