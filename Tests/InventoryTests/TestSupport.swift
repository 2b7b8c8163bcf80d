import DriverShiftTestSupport
import Foundation
import HostSystem

/// Helpers of the inventory's integration tests; the shared ones live in DriverShiftTestSupport.
enum TestSupport {
    static func binary() throws -> String { try DriverShiftBinary.path() }
    static func drivershift(_ arguments: [String]) async throws -> CommandResult {
        try await DriverShiftBinary.run(arguments)
    }
    static func recordEvidence(_ name: String) { DriverShiftBinary.recordEvidence(name) }
    static func temporaryDirectory(_ label: String) throws -> String { try DriverShiftBinary.temporaryDirectory(label) }

    /// `cp -a`, which keeps owners, modes, xattrs and sparse files as a copied host would have them.
    static func copyTree(_ source: String, to destination: String) async throws {
        try await CommandRunner().check(Command("/bin/cp", ["-a", source, destination]))
    }

    static func removeTree(_ path: String) async {
        _ = try? await CommandRunner().run(Command("/bin/rm", ["-rf", "--one-file-system", path]))
    }
}
