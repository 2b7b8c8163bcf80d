/// The outcome of `ImportVerifier.verify`: what was compared and every difference found.
public struct ImportVerification: Sendable, Hashable, Codable {
    public var imagesChecked: Int
    public var tagsChecked: Int
    public var repoDigestsChecked: Int
    public var mismatches: [ImportMismatch]

    public init(imagesChecked: Int, tagsChecked: Int, repoDigestsChecked: Int, mismatches: [ImportMismatch]) {
        self.imagesChecked = imagesChecked
        self.tagsChecked = tagsChecked
        self.repoDigestsChecked = repoDigestsChecked
        self.mismatches = mismatches
    }

    /// Every image, layer, tag and RepoDigest as exported.
    public var isComplete: Bool { mismatches.isEmpty }

    /// Differences no restore can fix: a missing image, other layers, a tag on another image. The import failed.
    public var blocking: [ImportMismatch] { mismatches.filter { !$0.isRestorable } }

    /// Missing tags and RepoDigests: `TagRestorer` and `RepoDigestRestore` bring them back.
    public var restorable: [ImportMismatch] { mismatches.filter(\.isRestorable) }

    /// Images, layers and tags are right (RepoDigests may still be missing: they come back at the next start).
    public var imagesAndTagsMatch: Bool { !mismatches.contains { $0.kind != .repoDigestMissing } }
}
