/// What `SampleImages.build` made, by the IDs the daemon gave it, for tests to compare against later.
public struct SampleImageSet: Sendable, Codable, Hashable {
    /// Full image ID (`sha256:...`) by reference (`drivershift-test/app:1`); one entry per tag.
    public let imageIDs: [String: String]
    /// The image that lost its tag `drivershift-test/old:1` to a newer build: `<none>:<none>` in `docker images`.
    public let danglingImageID: String
    public let volumeName: String
    /// Full container ID by container name.
    public let containerIDs: [String: String]

    public init(
        imageIDs: [String: String], danglingImageID: String, volumeName: String, containerIDs: [String: String]
    ) {
        self.imageIDs = imageIDs
        self.danglingImageID = danglingImageID
        self.volumeName = volumeName
        self.containerIDs = containerIDs
    }

    /// Every tag, sorted.
    public var tags: [String] { imageIDs.keys.sorted() }

    public var containerNames: [String] { containerIDs.keys.sorted() }

    public func imageID(_ reference: String) -> String? { imageIDs[reference] }
}
