import Foundation
import HostSystem
import LayerArchive

/// What `docker load` is sent for an export store: its documents (oci-layout, index.json, manifest.json,
/// repositories) and each blob they name, once, as the members of one tar stream. Planned before anything is sent,
/// so a missing blob stops the import before the daemon sees a byte, and the length is known for Content-Length
/// and for the space check (dockerd stages all of it under `<data-root>/tmp`).
public struct StoreUpload: Sendable {
    public struct Member: Sendable, Equatable {
        /// The name inside the tar, relative to the store (`blobs/sha256/<hex>`).
        public let name: String
        /// The file sent; nil for a directory.
        public let path: String?
        public let size: UInt64
        /// The sha256 hex the content must have: a blob's name. Nil for the documents.
        public let expectedHex: String?

        var header: TarHeader {
            TarHeader(
                name: name, size: size, mode: path == nil ? 0o755 : 0o644, modificationTime: 0,
                kind: path == nil ? .directory : .regularFile)
        }
    }

    public let store: String
    public let members: [Member]
    /// Bytes of the whole tar stream.
    public let length: UInt64
    /// Images in manifest.json.
    public let imageCount: Int
    /// Image names (tags, or the short ID of an untagged image) by blob hex, for messages.
    let imagesByBlob: [String: [String]]

    public var blobCount: Int { members.filter { $0.expectedHex != nil }.count }

    /// The names of the images a blob (by hex) belongs to.
    public func images(usingBlob hex: String) -> [String] { imagesByBlob[hex] ?? [] }

    /// Reads the store's manifest.json (required) and index.json, and checks that every blob they name is there.
    public static func plan(store: String) throws -> StoreUpload {
        let layout = ExportStoreLayout(root: store)
        let entries: [DockerArchiveManifest] = try decode(layout.dockerManifest, required: true) ?? []
        guard !entries.isEmpty else {
            throw ImportError.storeUnreadable(path: layout.dockerManifest, reason: "it lists no image")
        }
        var blobOrder: [String] = []
        var imagesByBlob: [String: [String]] = [:]
        func note(_ hex: String, image: String) {
            if imagesByBlob[hex] == nil { blobOrder.append(hex) }
            if imagesByBlob[hex, default: []].contains(image) { return }
            imagesByBlob[hex, default: []].append(image)
        }
        // Configs first: small, and the images they name appear in messages about any of their layers.
        for entry in entries {
            let configHex = try hex(ofBlobPath: entry.Config, document: "manifest.json")
            note(configHex, image: name(of: entry, configHex: configHex))
        }
        for entry in entries {
            let configHex = try hex(ofBlobPath: entry.Config, document: "manifest.json")
            for layer in entry.Layers {
                note(
                    try hex(ofBlobPath: layer, document: "manifest.json"), image: name(of: entry, configHex: configHex))
            }
        }
        let index: OCIImageLayout.Index? = try decode(layout.index, required: false)
        for descriptor in index?.manifests ?? [] {
            guard descriptor.digest.hasPrefix("sha256:"), isHex(descriptor.digest.dropFirst(7)) else {
                throw ImportError.unsafeStoreEntry(document: "index.json", entry: descriptor.digest)
            }
            let name = descriptor.annotations?[OCIImageLayout.refNameAnnotation] ?? "OCI manifest of an untagged image"
            note(String(descriptor.digest.dropFirst(7)), image: name)
        }

        var members: [Member] = []
        for document in [layout.ociLayout, layout.index, layout.dockerManifest, layout.repositories] {
            guard let facts = try facts(of: document), facts.isRegularFile else { continue }
            let name = String(document.dropFirst(layout.root.count + 1))
            members.append(Member(name: name, path: document, size: facts.apparentBytes, expectedHex: nil))
        }
        members.append(Member(name: "blobs/", path: nil, size: 0, expectedHex: nil))
        members.append(Member(name: "blobs/sha256/", path: nil, size: 0, expectedHex: nil))
        for hex in blobOrder {
            let path = layout.blob(hex: hex)
            guard let facts = try facts(of: path), facts.isRegularFile else {
                throw ImportError.blobMissing(
                    path: ExportStoreLayout.relativeBlobPath(hex: hex), images: imagesByBlob[hex] ?? [])
            }
            members.append(
                Member(
                    name: ExportStoreLayout.relativeBlobPath(hex: hex), path: path, size: facts.apparentBytes,
                    expectedHex: hex))
        }
        let length = members.reduce(UInt64(2 * TarHeader.blockSize)) { $0 + $1.header.streamLength }
        return StoreUpload(
            store: layout.root, members: members, length: length, imageCount: entries.count, imagesByBlob: imagesByBlob)
    }

    /// The images named by any `sha256:<hex>` in `text` (a daemon's error message, say).
    func images(mentionedIn text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let range = rest.range(of: "sha256:") {
            let candidate = rest[range.upperBound...].prefix(64)
            if isHex(candidate) {
                for image in imagesByBlob[String(candidate)] ?? [] where !found.contains(image) { found.append(image) }
            }
            rest = rest[range.upperBound...]
        }
        return found
    }

    private static func name(of entry: DockerArchiveManifest, configHex: String) -> String {
        if let tags = entry.RepoTags, !tags.isEmpty { return tags.joined(separator: ", ") }
        return "untagged image sha256:\(configHex.prefix(12))"
    }

    /// The hex of a `blobs/sha256/<hex>` path; anything else (a `..`, an absolute path) is refused.
    private static func hex(ofBlobPath path: String, document: String) throws -> String {
        let prefix = "blobs/sha256/"
        guard path.hasPrefix(prefix), isHex(path.dropFirst(prefix.count)) else {
            throw ImportError.unsafeStoreEntry(document: document, entry: path)
        }
        return String(path.dropFirst(prefix.count))
    }

    private static func facts(of path: String) throws -> FileFacts? {
        do {
            return try FileFacts.of(path)
        } catch {
            throw ImportError.storeUnreadable(path: path, reason: "\(error)")
        }
    }

    private static func decode<Document: Decodable>(_ path: String, required: Bool) throws -> Document? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ImportError.storeUnreadable(path: path, reason: "the file does not exist") }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError.storeUnreadable(path: path, reason: "it cannot be read (permissions?)")
        }
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw ImportError.storeUnreadable(path: path, reason: "it is not the JSON document expected (\(error))")
        }
    }
}

/// Exactly 64 lowercase hex digits: the only names that become blob paths.
func isHex<Text: StringProtocol>(_ text: Text) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
}
