import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Where switch records live (`<state>/switch-<time>.json`, and `last-switch.json` naming the newest) and how
/// they are written: temp file, fsync, rename, fsync of the directory, so a power cut leaves the old or the new.
public struct StorageSwitchRecordFile: Sendable {
    public let hostRoot: HostRoot
    /// Host path of the state directory.
    public let stateDirectory: String

    public init(hostRoot: HostRoot, stateDirectory: String) {
        self.hostRoot = hostRoot
        self.stateDirectory = stateDirectory
    }

    public var lastRecordPath: String { stateDirectory + "/last-switch.json" }

    public func newRecordPath(for date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return stateDirectory + "/switch-\(formatter.string(from: date)).json"
    }

    /// Writes `record` to `path` and points last-switch.json at the same content.
    public func save(_ record: StorageSwitchRecord, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(record)
        try FileManager.default.createDirectory(
            atPath: hostRoot.resolve(stateDirectory), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try Self.writeDurably(data, to: hostRoot.resolve(path))
        try Self.writeDurably(data, to: hostRoot.resolve(lastRecordPath))
    }

    public func load(from path: String?) throws -> (record: StorageSwitchRecord, path: String) {
        let hostPath = path ?? lastRecordPath
        let location = hostRoot.resolve(hostPath)
        guard let data = FileManager.default.contents(atPath: location) else {
            throw StorageSwitchError.noRecord(path: hostPath)
        }
        let record: StorageSwitchRecord
        do {
            record = try JSONDecoder().decode(StorageSwitchRecord.self, from: data)
        } catch {
            throw StorageSwitchError.unreadableRecord(path: hostPath, reason: "\(error)")
        }
        guard record.version == StorageSwitchRecord.currentVersion else {
            throw StorageSwitchError.unreadableRecord(
                path: hostPath,
                reason: "format version \(record.version); this drivershift reads version "
                    + "\(StorageSwitchRecord.currentVersion)")
        }
        return (record, hostPath)
    }

    static func writeDurably(_ data: Data, to location: String) throws {
        let temporary = location + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0 else {
            unlink(temporary)
            throw failure("write", temporary)
        }
        guard rename(temporary, location) == 0 else {
            unlink(temporary)
            throw failure("rename into place", location)
        }
        let directory = open((location as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    private static func failure(_ action: String, _ path: String) -> Error {
        StorageSwitchError.recordNotWritten(path: path, reason: "cannot \(action): \(String(cString: strerror(errno)))")
    }
}
