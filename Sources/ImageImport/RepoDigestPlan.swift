/// The RepoDigests `RepoDigestRestore` will write back, and the repositories.json text that carries them.
public struct RepoDigestPlan: Sendable, Hashable {
    public struct Entry: Sendable, Hashable, Codable {
        /// `name@sha256:<digest>`, familiar form.
        public var reference: String
        public var image: String
    }

    public struct Skipped: Sendable, Hashable, Codable {
        public var reference: String
        public var image: String
        public var reason: String
    }

    /// The whole new file; equal to the current bytes when nothing is added.
    public var text: String
    public var added: [Entry]
    /// RepoDigests already in the file, pointing at their image.
    public var alreadyPresent: Int
    /// RepoDigests that are not written, each with its reason (the report lists them).
    public var skipped: [Skipped]

    public var changesNothing: Bool { added.isEmpty }
}
