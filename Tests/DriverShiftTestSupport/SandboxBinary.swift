import Foundation

/// The built `drivershift-sandbox` binary, for tests that drive a sandbox through its commands.
public enum SandboxBinary {
    /// `swift build` builds it; a missing one fails loudly.
    public static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["DRIVERSHIFT_SANDBOX_BINARY"] { return path }
        for candidate in [
            ".build/debug/drivershift-sandbox", ".build/x86_64-unknown-linux-gnu/debug/drivershift-sandbox",
        ] {
            let path = DriverShiftBinary.packageRoot.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw TestFailure(
            "the drivershift-sandbox binary is not built; run `swift build` first or set DRIVERSHIFT_SANDBOX_BINARY")
    }
}
