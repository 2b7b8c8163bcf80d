import DockerEngine

/// Why an import, its verification or a tag restore could not be done; each says what happened, to which file or
/// image, and what to do next.
public enum ImportError: Error, CustomStringConvertible, Sendable, Equatable, EngineUploadFailure {
    case storeUnreadable(path: String, reason: String)
    /// manifest.json or index.json names something that is not `blobs/sha256/<64 hex>`.
    case unsafeStoreEntry(document: String, entry: String)
    case blobMissing(path: String, images: [String])
    /// A blob's bytes do not hash to its name: the store changed after export.
    case blobDamaged(path: String, expected: String, actual: String, images: [String])
    /// A file's size changed between planning the upload and sending it.
    case storeChanged(path: String, expectedBytes: UInt64, actualBytes: UInt64)
    case readFailed(path: String, reason: String)
    /// dockerd reported an error inside its answer to the load.
    case daemonRefused(store: String, message: String, images: [String])
    case repositoriesUnreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .storeUnreadable(let path, let reason):
            return "cannot read the export store at \(path): \(reason). Give the directory `drivershift export --to` "
                + "wrote (it holds manifest.json) and check it with `drivershift verify \(path)`."
        case .unsafeStoreEntry(let document, let entry):
            return "\(document) names \"\(entry)\" where a blob (blobs/sha256/<64 hex digits>) belongs: the store is "
                + "damaged or was not written by drivershift export. Nothing was sent; export again."
        case .blobMissing(let path, let images):
            return "\(path) is missing from the export store; it is needed by \(Self.list(images)). Nothing was "
                + "sent to the daemon. Rerun the same `drivershift export` (it finishes an interrupted store) or "
                + "restore the store from its copy."
        case .blobDamaged(let path, let expected, let actual, let images):
            return "\(path) has sha256 \(actual), not \(expected) as its name says: the export store was changed or "
                + "damaged after the export. It belongs to \(Self.list(images)). The upload was stopped before its "
                + "end, so dockerd (which stages the whole upload first) loaded nothing. Rerun the same "
                + "`drivershift export` (it rewrites damaged blobs) or restore the store from its copy; "
                + "`drivershift verify` lists every damaged blob."
        case .storeChanged(let path, let expectedBytes, let actualBytes):
            return "\(path) changed while it was being sent (\(expectedBytes) bytes planned, \(actualBytes) found): "
                + "something else is writing to the export store. The upload was stopped; let that finish, check "
                + "the store with `drivershift verify` and import again."
        case .readFailed(let path, let reason):
            return "reading \(path) failed: \(reason). The upload was stopped; check the disk (dmesg) and import again."
        case .daemonRefused(let store, let message, let images):
            let concerned = images.isEmpty ? "" : " It concerns \(Self.list(images))."
            return "dockerd refused to load the export store \(store): \(message).\(concerned) Images loaded "
                + "before the failure stay, and loading again is harmless. Check the store with "
                + "`drivershift verify \(store)`; the daemon's log has the details."
        case .repositoriesUnreadable(let path, let reason):
            return "cannot use \(path) (Docker's tag and digest store): \(reason). Start dockerd once so that it "
                + "writes a fresh one, or restore it from the backup, then plan again."
        }
    }

    /// "app:1, app:latest and 2 more": image names for a message, never a wall of text.
    static func list(_ images: [String], limit: Int = 6) -> String {
        guard !images.isEmpty else { return "no image in manifest.json" }
        let shown = images.prefix(limit).joined(separator: ", ")
        return images.count > limit ? "\(shown) and \(images.count - limit) more" : shown
    }
}
