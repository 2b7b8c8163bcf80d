/// Failures reading or writing layer archives; each names the file and, where it helps, what to do.
public enum LayerArchiveError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case archiveFailure(path: String, operation: String, message: String)
    case corruptTarSplit(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .archiveFailure(let path, let operation, let message):
            return "\(path): \(operation) failed: \(message). The file is damaged or truncated."
        case .corruptTarSplit(let path, let line, let reason):
            return "\(path) is corrupt at entry \(line): \(reason). The layer's exact tar cannot be rebuilt "
                + "from it; `docker save` (with the daemon running) is the fallback for this layer."
        }
    }
}
