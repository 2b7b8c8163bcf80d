import Foundation

/// One image as the image store keeps it: its config (ID = sha256 of the config bytes) and metadata.
public struct StoredImage: Sendable, Hashable {
    public let id: Digest
    public let created: String?
    public let diffIDs: [Digest]
    public let parent: Digest?
    public let architecture: String?
    public let os: String?
    /// The raw config bytes, whose sha256 is `id`; kept because exports must copy them verbatim.
    public let configBytes: Data

    public var chainIDs: [Digest] { Digest.chainIDs(of: diffIDs) }

    /// Parses an image config; `path` is only for error messages.
    public static func parse(id: Digest, configBytes: Data, parent: Digest?, path: String) throws -> StoredImage {
        struct Config: Decodable {
            struct RootFS: Decodable {
                let type: String?
                let diff_ids: [String]?
            }
            let created: String?
            let architecture: String?
            let os: String?
            let rootfs: RootFS?
        }
        let config: Config
        do {
            config = try JSONDecoder().decode(Config.self, from: configBytes)
        } catch {
            throw DockerStateError.corrupt(path: path, reason: "image config is not valid JSON (\(error))")
        }
        let actual = Digest.sha256(of: configBytes)
        guard actual == id else {
            throw DockerStateError.corrupt(path: path, reason: "its sha256 is \(actual), not the image ID \(id)")
        }
        var diffIDs: [Digest] = []
        for text in config.rootfs?.diff_ids ?? [] {
            guard let digest = Digest(text) else {
                throw DockerStateError.corrupt(
                    path: path, reason: "rootfs.diff_ids holds \"\(text)\", not a sha256 digest")
            }
            diffIDs.append(digest)
        }
        return StoredImage(
            id: id, created: config.created, diffIDs: diffIDs, parent: parent,
            architecture: config.architecture, os: config.os, configBytes: configBytes)
    }
}
