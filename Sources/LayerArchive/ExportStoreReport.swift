/// What `ExportStoreVerifier` found: every problem, and how much it checked. Encoded as-is by
/// `drivershift verify --format json`, so field names are part of the interface.
public struct ExportStoreReport: Sendable, Hashable, Codable {
    /// The version of this report's JSON shape.
    public static let currentFormatVersion = 1

    public let formatVersion: Int
    /// The store's root, as given.
    public let store: String
    /// Files of blobs/sha256 whose sha256 was computed.
    public let blobsChecked: Int
    public let bytesHashed: UInt64
    /// Distinct image IDs named anywhere in the store.
    public let images: Int
    /// Distinct tags named anywhere in the store.
    public let tags: Int
    public let errors: Int
    public let warnings: Int
    /// Errors first, then by path: the same store gives the same list.
    public let problems: [StoreProblem]

    public init(store: String, blobsChecked: Int, bytesHashed: UInt64, images: Int, tags: Int, problems: [StoreProblem])
    {
        self.formatVersion = Self.currentFormatVersion
        self.store = store
        self.blobsChecked = blobsChecked
        self.bytesHashed = bytesHashed
        self.images = images
        self.tags = tags
        self.errors = problems.filter { $0.severity == .error }.count
        self.warnings = problems.filter { $0.severity == .warning }.count
        self.problems = problems
    }

    public func problems(withCode code: StoreProblem.Code) -> [StoreProblem] {
        problems.filter { $0.code == code }
    }
}
