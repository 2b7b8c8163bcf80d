/// Failures that stop the inventory as a whole (anything less becomes a problem in the report).
public enum InventoryError: Error, CustomStringConvertible, Sendable {
    case noStorageDriver(dataRoot: String)
    /// Reading a live pool's mappings through a metadata snapshot failed at `step`; the inventory reports the
    /// allocated bytes as unknown with this message instead of failing.
    case metadataSnapshotFailed(pool: String, step: String, message: String)

    public var description: String {
        switch self {
        case .noStorageDriver(let dataRoot):
            return "cannot tell which storage driver \(dataRoot) belongs to: no storage-driver is configured and "
                + "\(dataRoot)/image/ holds no image store. Is this Docker's data root? Give it with --data-root."
        case .metadataSnapshotFailed(let pool, let step, let message):
            return "reading the mappings of thin pool \(pool) through a metadata snapshot failed at \(step): "
                + "\(message). The per-layer allocated bytes are unknown; `dmsetup status \(pool)` shows whether a "
                + "snapshot is still held (a number instead of '-' before rw/ro), and "
                + "`dmsetup message \(pool) 0 release_metadata_snap` releases it."
        }
    }
}
