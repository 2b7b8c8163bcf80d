import DockerState
import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers for the export tests: the binary, evidence for CI, and an image with the content the sample set
/// lacks (an xattr, a non-UTF-8 name, many layers).
enum ExportTestSupport {
    static func drivershift(_ arguments: [String]) async throws -> CommandResult {
        try await DriverShiftBinary.run(arguments)
    }
    static func recordEvidence(_ name: String) { DriverShiftBinary.recordEvidence(name) }
    static func temporaryDirectory(_ label: String) throws -> String { try DriverShiftBinary.temporaryDirectory(label) }

    static let trickyReference = "drivershift-test/tricky:1"
    static let trickyLayerCount = 24

    /// Builds `drivershift-test/tricky:1` FROM the sample base: a file with a user xattr (COPY keeps it), a file
    /// whose name is not UTF-8 (tar-split stores it as name_raw), and many small layers.
    static func buildTrickyImage(in sandbox: DockerSandbox) async throws {
        let context = try temporaryDirectory("tricky-context")
        defer { try? FileManager.default.removeItem(atPath: context) }
        let xattrFile = "\(context)/with-xattr.txt"
        try Data("has an extended attribute\n".utf8).write(to: URL(fileURLWithPath: xattrFile))
        try await CommandRunner().check(
            Command("/usr/bin/setfattr", ["-n", "user.drivershift.test", "-v", "drivershift", xattrFile]))
        var dockerfile = "FROM \(SampleImages.baseReference)\nCOPY with-xattr.txt /xattr/with-xattr.txt\n"
        // \351 is é in Latin-1: a valid file name on Linux, not valid UTF-8.
        dockerfile += "RUN touch \"/caf$(printf '\\351')-latin1.txt\" && echo x > \"/caf$(printf '\\351')-data\"\n"
        for index in 0..<(trickyLayerCount - 3) {
            dockerfile += "RUN echo layer-\(index) > /layer-\(index).txt\n"
        }
        try Data(dockerfile.utf8).write(to: URL(fileURLWithPath: "\(context)/Dockerfile"))
        try await sandbox.docker(["build", "-t", trickyReference, context])
    }

    /// Blob names (hex) in a store's blobs/sha256, partial files left out.
    static func blobNames(_ store: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: "\(store)/blobs/sha256").filter { !$0.hasPrefix(".") })
    }

    static func sha256(ofFile path: String) throws -> String {
        Digest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)).hex
    }
}
