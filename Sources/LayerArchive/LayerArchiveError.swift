/// Failures reading or writing layer archives; each names the file and, where it helps, what to do.
public enum LayerArchiveError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case archiveFailure(path: String, operation: String, message: String)
    case corruptTarSplit(path: String, line: Int, reason: String)
    case digestMismatch(expected: String, actual: String, bytes: UInt64)
    case writeFailed(path: String, operation: String, reason: String)
    /// A tar-split member name that could leave the layer root (absolute, `..`) or is not a plain path.
    case unsafeMemberName(member: String, layerRoot: String, reason: String)
    /// The tar-split lists a member with content that the layer's files do not have.
    case layerMemberMissing(member: String, layerRoot: String)
    /// A member with content is not a regular file, or is reached through a symlink, FIFO or device.
    case layerMemberNotRegularFile(member: String, layerRoot: String, found: String)
    /// A member's size on disk is not the size its tar-split recorded.
    case layerFileChanged(member: String, layerRoot: String, expectedSize: UInt64, actualSize: UInt64)
    case layerReadFailed(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .archiveFailure(let path, let operation, let message):
            return "\(path): \(operation) failed: \(message). The file is damaged or truncated."
        case .digestMismatch(let expected, let actual, let bytes):
            return "the \(bytes) bytes produced have sha256 \(actual), not \(expected): they were not kept"
        case .writeFailed(let path, let operation, let reason):
            let hint = reason.contains("No space") ? " Free space there or export elsewhere (--to)." : ""
            return "\(operation) of \(path) failed: \(reason).\(hint)"
        case .unsafeMemberName(let member, let layerRoot, let reason):
            return "the tar-split of the layer at \(layerRoot) names a member \"\(member)\" that is not a safe path "
                + "inside the layer: \(reason). The tar-split is damaged or was tampered with; nothing outside the "
                + "layer was read. Do not export this layer from it; check the data root's integrity."
        case .layerMemberMissing(let member, let layerRoot):
            return "\"\(member)\" is listed in the layer's tar-split but missing under \(layerRoot): the layer's "
                + "files no longer match its tar-split (modified, or the layer's filesystem is not mounted there). "
                + "`docker save` (with the daemon running) is the fallback for this layer."
        case .layerMemberNotRegularFile(let member, let layerRoot, let found):
            return "\"\(member)\" under \(layerRoot) should be a regular file with content, but \(found). "
                + "It was not followed or read; the layer's files no longer match its tar-split, or it was tampered with."
        case .layerFileChanged(let member, let layerRoot, let expectedSize, let actualSize):
            return "\"\(member)\" under \(layerRoot) is \(actualSize) bytes on disk but its tar-split recorded "
                + "\(expectedSize): the layer on disk no longer matches its tar-split, so its exact tar cannot be "
                + "rebuilt. `docker save` (with the daemon running) is the fallback for this layer."
        case .layerReadFailed(let path, let operation, let reason):
            return "\(operation) \(path) failed: \(reason). Check permissions and the disk (dmesg) and retry."
        case .corruptTarSplit(let path, let line, let reason):
            return "\(path) is corrupt at entry \(line): \(reason). The layer's exact tar cannot be rebuilt "
                + "from it; `docker save` (with the daemon running) is the fallback for this layer."
        }
    }
}
