import Foundation
import HostSystem

@testable import HostConfig

/// A host file tree in a temporary directory, removed when the value goes away.
final class FakeHost {
    let directory: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        directory = base + "/drivershift-hostconfig-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var root: HostRoot { HostRoot(directory) }

    /// Writes `contents` at the host path `path`, creating parent directories.
    func write(_ path: String, _ contents: String) throws {
        let location = root.resolve(path)
        try FileManager.default.createDirectory(
            atPath: (location as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: location))
    }

    /// Creates a symbolic link at host path `path` whose target is `target`, written as is.
    func link(_ path: String, to target: String) throws {
        let location = root.resolve(path)
        try FileManager.default.createDirectory(
            atPath: (location as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: location, withDestinationPath: target)
    }

    func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: root.resolve(path), withIntermediateDirectories: true)
    }

    func read() throws -> DockerConfiguration {
        try DockerConfigurationReader.read(hostRoot: root)
    }
}
