import Inventory

/// Why an export could not start or had to stop.
public enum ExportError: Error, CustomStringConvertible, Sendable {
    case unknownReference(String)
    case notEnoughSpace(path: String, neededBytes: UInt64, freeBytes: UInt64)
    case storeInsideDataRoot(store: String, dataRoot: String)
    case daemonRequired(reason: String)
    case diskSourceUnsupported(driver: String)
    case stoppedAtFirstFailure(String)
    case storeUnusable(path: String, reason: String)
    case poolFilesMissing(dataRoot: String, missing: [String])

    public var description: String {
        switch self {
        case .unknownReference(let reference):
            return "no image matches \(reference): give a tag (repo:tag), a digest reference or an image ID; "
                + "`drivershift inventory` lists them"
        case .notEnoughSpace(let path, let needed, let free):
            return "not enough space at \(path): the export needs \(needed) bytes (\(ByteCount.format(needed))) more, "
                + "\(free) bytes (\(ByteCount.format(free))) are free. Free space there or export to another filesystem (--to)."
        case .storeInsideDataRoot(let store, let dataRoot):
            return "the export directory \(store) is inside Docker's data root \(dataRoot): export to a directory "
                + "outside it (on a devicemapper host, the data root may be on the full pool's filesystem)"
        case .daemonRequired(let reason):
            return "--source daemon needs a running daemon: \(reason)"
        case .diskSourceUnsupported(let driver):
            return "--source disk cannot read \(driver) layers (overlay2, overlay, vfs and devicemapper can be read); "
                + "use --source daemon with the daemon running"
        case .stoppedAtFirstFailure(let message):
            return "stopped at the first failure (--fail-fast): \(message)"
        case .storeUnusable(let path, let reason):
            return "cannot use \(path) as an export store: \(reason)"
        case .poolFilesMissing(let dataRoot, let missing):
            return "the devicemapper pool of \(dataRoot) has no loop files (\(missing.joined(separator: ", ")) not "
                + "found): a direct-lvm pool keeps its data in LVM volumes. Copy its data and metadata volumes to "
                + "files (or give the volumes themselves, inactive) with --pool-files DATA METADATA, or export with "
                + "--source daemon while the daemon runs"
        }
    }
}
