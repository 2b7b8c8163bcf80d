/// One way the daemon's images differ from the export manifest after an import: which image, which tag or
/// RepoDigest, what was expected and what was found.
public struct ImportMismatch: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// No image with the exported ID (the sha256 of its config) is in the daemon.
        case imageMissing
        /// The image's RootFS.Layers are not the exported diffIDs, in order.
        case layersDiffer
        /// The tag is on no image.
        case tagMissing
        /// The tag is on another image.
        case tagPointsElsewhere
        /// The image lacks a RepoDigest it had (`docker load` never carries them).
        case repoDigestMissing
    }

    public var kind: Kind
    /// The exported image ID.
    public var image: String
    /// The tag or RepoDigest concerned, for the tag and digest kinds.
    public var reference: String?
    public var expected: String
    public var found: String

    public init(kind: Kind, image: String, reference: String? = nil, expected: String, found: String) {
        self.kind = kind
        self.image = image
        self.reference = reference
        self.expected = expected
        self.found = found
    }

    /// Whether `TagRestorer` (tags) or `RepoDigestRestore` (RepoDigests) can put this right.
    public var isRestorable: Bool { kind == .tagMissing || kind == .repoDigestMissing }

    public var description: String {
        let subject = "image \(image)" + (reference.map { " (\($0))" } ?? "")
        switch kind {
        case .imageMissing:
            return "\(subject): not in the daemon; expected \(expected), found \(found)"
        case .layersDiffer:
            return "\(subject): layers differ; expected \(expected), found \(found)"
        case .tagMissing:
            return "\(subject): tag \(reference ?? "") is missing; expected it on \(expected), found \(found)"
        case .tagPointsElsewhere:
            return "\(subject): tag \(reference ?? "") points at another image; expected \(expected), found \(found)"
        case .repoDigestMissing:
            return "\(subject): RepoDigest \(reference ?? "") is missing; expected \(expected), found \(found)"
        }
    }
}
