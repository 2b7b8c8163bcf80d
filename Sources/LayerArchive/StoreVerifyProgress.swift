/// How far the blob hashing of `ExportStoreVerifier.verify` has got; reported after each chunk and each blob.
public struct StoreVerifyProgress: Sendable, Hashable {
    public let blobsHashed: Int
    public let blobCount: Int
    public let bytesHashed: UInt64
    /// The sum of the blobs' sizes when they were listed.
    public let byteCount: UInt64

    public init(blobsHashed: Int, blobCount: Int, bytesHashed: UInt64, byteCount: UInt64) {
        self.blobsHashed = blobsHashed
        self.blobCount = blobCount
        self.bytesHashed = bytesHashed
        self.byteCount = byteCount
    }
}
