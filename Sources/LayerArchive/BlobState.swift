/// What hashing found for one file of blobs/sha256 named by a digest.
enum BlobState: Sendable, Hashable {
    /// Its bytes hash to its name.
    case intact(size: UInt64)
    /// Its bytes hash to something else: changed, truncated or extended after it was written.
    case changed(actualHex: String, size: UInt64)
    /// It could not be read; `reason` is the system's.
    case unreadable(reason: String)
}
