import Foundation
import HostSystem
import Testing

/// Helpers shared by the inventory's integration tests.
enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `drivershift` binary. `swift test` builds it with the tests; a missing one fails loudly.
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["DRIVERSHIFT_BINARY"] { return path }
        for candidate in [".build/debug/drivershift", ".build/x86_64-unknown-linux-gnu/debug/drivershift"] {
            let path = packageRoot.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw TestFailure("the drivershift binary is not built; run `swift build` first or set DRIVERSHIFT_BINARY")
    }

    static func drivershift(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner().run(Command(binary(), arguments))
    }

    /// Records that a real-Docker test really ran, for `.ci/run` to check (it fails when these are missing).
    static func recordEvidence(_ name: String) {
        guard let directory = ProcessInfo.processInfo.environment["DRIVERSHIFT_TEST_EVIDENCE"] else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data(Date().description.utf8))
    }

    static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("drivershift-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `cp -a`, which keeps owners, modes, xattrs and sparse files as a copied host would have them.
    static func copyTree(_ source: String, to destination: String) async throws {
        try await CommandRunner().check(Command("/bin/cp", ["-a", source, destination]))
    }

    static func removeTree(_ path: String) async {
        _ = try? await CommandRunner().run(Command("/bin/rm", ["-rf", "--one-file-system", path]))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
