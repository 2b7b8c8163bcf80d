/// What `TagRestorer.restore` did.
public struct TagRestoration: Sendable, Hashable, Codable {
    public struct RestoredTag: Sendable, Hashable, Codable {
        public var tag: String
        public var image: String

        public init(tag: String, image: String) {
            self.tag = tag
            self.image = image
        }
    }

    /// Tags created again through the API.
    public var restored: [RestoredTag]
    /// Tags that were already where the manifest says.
    public var alreadyPresent: Int
    /// Tags left alone: their image is missing, or the tag is on another image (never moved without being asked).
    public var notRestored: [ImportMismatch]

    public init(restored: [RestoredTag], alreadyPresent: Int, notRestored: [ImportMismatch]) {
        self.restored = restored
        self.alreadyPresent = alreadyPresent
        self.notRestored = notRestored
    }

    public var changedSomething: Bool { !restored.isEmpty }
}
