import Foundation

/// What `ImageImporter.load` did: what dockerd said it loaded, and what was sent.
public struct LoadResult: Sendable, Equatable, Codable {
    public var store: String
    /// Tags dockerd reported ("Loaded image: app:1"), in its order.
    public var loadedTags: [String]
    /// Image IDs dockerd reported ("Loaded image ID: sha256:…"). dockerd 20.10 prints these only when the last
    /// image of manifest.json is untagged, and then for every image loaded: a hint, not a list to count on
    /// (`ImportVerifier` is the check).
    public var loadedImageIDs: [String]
    public var blobsSent: Int
    public var bytesSent: UInt64
    public var seconds: Double

    public init(
        store: String, loadedTags: [String], loadedImageIDs: [String], blobsSent: Int, bytesSent: UInt64,
        seconds: Double
    ) {
        self.store = store
        self.loadedTags = loadedTags
        self.loadedImageIDs = loadedImageIDs
        self.blobsSent = blobsSent
        self.bytesSent = bytesSent
        self.seconds = seconds
    }

    static let tagPrefix = "Loaded image: "
    static let idPrefix = "Loaded image ID: "

    /// Takes the "Loaded image…" lines out of a message's `stream` text; other lines are not results.
    mutating func note(streamText: String) -> [String] {
        var references: [String] = []
        for line in streamText.split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix(Self.idPrefix) {
                let id = String(text.dropFirst(Self.idPrefix.count))
                loadedImageIDs.append(id)
                references.append(id)
            } else if text.hasPrefix(Self.tagPrefix) {
                let tag = String(text.dropFirst(Self.tagPrefix.count))
                loadedTags.append(tag)
                references.append(tag)
            }
        }
        return references
    }
}
