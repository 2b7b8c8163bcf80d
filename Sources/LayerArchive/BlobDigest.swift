import Crypto

/// The `sha256:<64 lowercase hex>` digests and `blobs/sha256/<hex>` paths of an export store, as plain strings.
/// (DockerState's `Digest` is not available here: LayerArchive sits below it.)
enum BlobDigest {
    static let algorithmPrefix = "sha256:"

    /// Whether `text` is exactly 64 lowercase hex digits: the only names that may become blob paths.
    static func isHex<Text: StringProtocol>(_ text: Text) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The hex of a `sha256:<hex>` digest; nil for anything else (another algorithm, upper case, a path).
    static func hex(ofDigest digest: String) -> String? {
        guard digest.hasPrefix(algorithmPrefix) else { return nil }
        let hex = digest.dropFirst(algorithmPrefix.count)
        return isHex(hex) ? String(hex) : nil
    }

    /// The hex of a `blobs/sha256/<hex>` path as manifest.json writes it; nil for anything else.
    static func hex(ofBlobPath path: String) -> String? {
        let prefix = ExportStoreLayout.relativeBlobPath(hex: "")
        guard path.hasPrefix(prefix) else { return nil }
        let hex = path.dropFirst(prefix.count)
        return isHex(hex) ? String(hex) : nil
    }

    static func digest(hex: String) -> String { algorithmPrefix + hex }

    /// The first 12 hex digits, as `docker images` shows IDs, marked as shortened.
    static func short(_ hex: String) -> String { hex.count > 12 ? "\(hex.prefix(12))…" : hex }

    /// `blobs/sha256/ab12cd34ef56…`: short enough for a message; the problem's `path` has the full name.
    static func shortPath(_ hex: String) -> String { ExportStoreLayout.relativeBlobPath(hex: short(hex)) }

    static func hexString(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
