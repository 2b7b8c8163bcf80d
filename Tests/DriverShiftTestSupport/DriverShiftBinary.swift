import Foundation
import HostSystem

/// What the integration suites share: the built binary, evidence for CI, scratch directories.
public enum DriverShiftBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `drivershift` binary. `swift test` builds it with the tests; a missing one fails loudly.
    public static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["DRIVERSHIFT_BINARY"] { return path }
        for candidate in [".build/debug/drivershift", ".build/x86_64-unknown-linux-gnu/debug/drivershift"] {
            let path = packageRoot.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw TestFailure("the drivershift binary is not built; run `swift build` first or set DRIVERSHIFT_BINARY")
    }

    public static func run(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner().run(Command(path(), arguments))
    }

    /// Records that a real-Docker test really ran, for `.ci/run` to check (it fails when these are missing).
    public static func recordEvidence(_ name: String) {
        guard let directory = ProcessInfo.processInfo.environment["DRIVERSHIFT_TEST_EVIDENCE"] else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data(Date().description.utf8))
    }

    /// A new directory under /tmp (short paths keep Unix sockets under their 108-byte limit).
    public static func temporaryDirectory(_ label: String) throws -> String {
        let path = "/tmp/drivershift-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
