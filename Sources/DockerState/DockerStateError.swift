/// Why Docker's on-disk state could not be read; every case names the file and what to do next.
public enum DockerStateError: Error, CustomStringConvertible, Sendable {
    case dataRootMissing(path: String)
    case notADirectory(path: String)
    case permissionDenied(path: String)
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case noImageStore(dataRoot: String)

    public var description: String {
        switch self {
        case .dataRootMissing(let path):
            return "Docker data root \(path) does not exist. Give the right one with --data-root "
                + "(see `data-root` in /etc/docker/daemon.json or dockerd's --data-root flag)."
        case .notADirectory(let path):
            return "\(path) is not a directory; --data-root must name Docker's data root directory."
        case .permissionDenied(let path):
            return
                "permission denied reading \(path): Docker's data root is readable by root only; run drivershift as root (sudo)."
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .corrupt(let path, let reason):
            return "\(path) is corrupt: \(reason). Docker's metadata is damaged here; restore it from a backup "
                + "or leave the affected images out of the migration."
        case .noImageStore(let dataRoot):
            return "\(dataRoot) holds no image store (no image/<driver>/ directory): it is not a Docker data root, "
                + "or Docker never ran with it."
        }
    }
}
