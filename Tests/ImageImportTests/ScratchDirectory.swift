import DriverShiftTestSupport
import Foundation

/// A directory under /tmp for one test, removed when the test lets go of it.
final class ScratchDirectory {
    let path: String

    init(_ label: String) throws {
        path = try DriverShiftBinary.temporaryDirectory(label)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
