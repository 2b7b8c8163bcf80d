/// One place in the store's documents that names a blob, with the size it states: the verifier gathers them
/// all before judging a blob, so each damaged blob is reported once, with whatever refers to it.
struct BlobReference: Sendable, Hashable {
    enum Role: String, Sendable, Hashable {
        case manifest = "OCI manifest"
        case config = "image config"
        case layer

        /// With its article, for messages.
        var described: String {
            switch self {
            case .manifest: return "an OCI manifest"
            case .config: return "an image config"
            case .layer: return "a layer"
            }
        }
    }

    let role: Role
    /// The file that names the blob, relative to the store's root.
    let referrer: String
    /// `sha256:<image ID>` of the image the reference belongs to, when known.
    let image: String?
    let tag: String?
    /// The size the referrer states for the blob, when it states one.
    let expectedSize: UInt64?
}
