import ArgumentParser
import Foundation

/// Prints an error the way operators expect (`drivershift: error: ...` on stderr) and turns it into exit 1.
enum FailureReporter {
    static func fail(_ error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("drivershift: error: \(error)\n".utf8))
        return ExitCode.failure
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("drivershift: \(message)\n".utf8))
    }
}
