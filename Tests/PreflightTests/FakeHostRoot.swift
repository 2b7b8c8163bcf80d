import DriverShiftTestSupport
import Foundation
import HostSystem

/// A host file tree in a scratch directory, for checks that read host files through `HostRoot`.
final class FakeHostRoot: Sendable {
    let directory: String

    init() throws {
        directory = try DriverShiftBinary.temporaryDirectory("preflight-host")
    }

    var root: HostRoot { HostRoot(directory) }

    /// Writes `contents` at host path `path`, creating parent directories.
    func write(_ path: String, _ contents: String) throws {
        let location = root.resolve(path)
        try FileManager.default.createDirectory(
            atPath: (location as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: location))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
