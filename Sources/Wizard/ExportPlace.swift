import Foundation
import HostSystem
import Inventory

#if canImport(Glibc)
    import Glibc
#endif

/// A directory offered for the export store, judged before the plan is made: free space against need, and
/// never inside Docker's data root, where the pool and the old driver's files live (a full pool's filesystem
/// is the one place the export must not go).
public struct ExportPlace: Sendable, Equatable {
    /// The host path as the person gave it.
    public var path: String
    public var freeBytes: UInt64?
    public var neededBytes: UInt64
    /// Why it cannot be used; nil when it can.
    public var refusal: String?
    /// Worth knowing, not a reason to refuse.
    public var note: String?

    public static func judge(
        _ path: String, hostRoot: HostRoot, dataRoot: String, neededBytes: UInt64, poolDataFile: String? = nil
    ) -> ExportPlace {
        var place = ExportPlace(path: path, freeBytes: nil, neededBytes: neededBytes, refusal: nil, note: nil)
        guard path.hasPrefix("/") else {
            place.refusal = "give a full path starting with / (a path on the host, like /srv/drivershift-export)"
            return place
        }
        let normalized = (path as NSString).standardizingPath
        let root = (dataRoot as NSString).standardizingPath
        if normalized == root || normalized.hasPrefix(root == "/" ? "/" : root + "/") {
            place.refusal =
                "it is inside Docker's data root \(dataRoot), where the pool and the old driver's files live; "
                + "the export must be kept apart from them"
            return place
        }
        let location = hostRoot.resolve(normalized)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory), !isDirectory.boolValue {
            place.refusal = "\(path) exists and is not a directory"
            return place
        }
        guard let (free, device) = Self.filesystem(near: location) else {
            place.refusal = "the free space there cannot be measured (no parent directory can be read)"
            return place
        }
        place.freeBytes = free
        if free < neededBytes {
            place.refusal =
                "it has \(ByteCount.format(free)) free and the export needs \(ByteCount.format(neededBytes)); "
                + "choose a filesystem with more room"
            return place
        }
        if let poolDataFile, let pool = Self.filesystem(near: hostRoot.resolve(poolDataFile)), pool.device == device {
            place.note =
                "it shares a filesystem with the pool's data file (\(poolDataFile)): the export takes room the pool "
                + "may need while it still runs"
        }
        return place
    }

    /// Free bytes (as df shows them) and the device of the filesystem that holds `location`, or will hold it
    /// once created (its nearest existing ancestor).
    static func filesystem(near location: String) -> (free: UInt64, device: UInt64)? {
        var candidate = location
        while !FileManager.default.fileExists(atPath: candidate) && candidate != "/" && !candidate.isEmpty {
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        if candidate.isEmpty { candidate = "/" }
        var info = statvfs()
        var status = stat()
        guard statvfs(candidate, &info) == 0, stat(candidate, &status) == 0 else { return nil }
        return (UInt64(info.f_bavail) * UInt64(info.f_frsize), UInt64(status.st_dev))
    }

    var summary: String {
        let free = freeBytes.map { "\(ByteCount.format($0)) free" } ?? "free space unknown"
        return "\(free), \(ByteCount.format(neededBytes)) needed"
    }
}
