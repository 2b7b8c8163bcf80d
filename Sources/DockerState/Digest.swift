import Crypto
import Foundation

/// A content digest in Docker's `sha256:<64 hex>` form: image IDs, diffIDs, chainIDs.
public struct Digest: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let algorithm: String
    public let hex: String

    /// Parses `sha256:<hex>`; nil for anything else, so hostile or corrupt input never becomes a path.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let algorithm = String(trimmed[..<colon])
        let hex = String(trimmed[trimmed.index(after: colon)...])
        guard algorithm == "sha256", hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            return nil
        }
        self.algorithm = algorithm
        self.hex = hex
    }

    /// A bare 64-hex name as Docker uses for directory names.
    public init?(hexName: String) {
        self.init("sha256:" + hexName)
    }

    public static func sha256<Bytes: DataProtocol>(of bytes: Bytes) -> Digest {
        let hex = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        // A freshly computed SHA-256 is always 64 lowercase hex digits.
        return Digest(validatedHex: hex)
    }

    init(validatedHex: String) {
        self.algorithm = "sha256"
        self.hex = validatedHex
    }

    public var description: String { "\(algorithm):\(hex)" }

    /// The first 12 hex digits, as `docker images` shows IDs.
    public var short: String { String(hex.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = Digest(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a sha256 digest: \(text)")
        }
        self = digest
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// chainID(L0) = diffID(L0); chainID(Ln) = sha256("<chainID(n-1)> <diffID(n)>"): how layerdb names layers.
    public static func chainIDs(of diffIDs: [Digest]) -> [Digest] {
        var chain: [Digest] = []
        for diffID in diffIDs {
            if let previous = chain.last {
                chain.append(Digest.sha256(of: Array("\(previous) \(diffID)".utf8)))
            } else {
                chain.append(diffID)
            }
        }
        return chain
    }
}
