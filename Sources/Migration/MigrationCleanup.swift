import Foundation

/// Frees the old driver's state that a run set aside, and only after that run finished with every
/// verification passed: the one place where drivershift deletes anything, and only when asked by name.
public struct MigrationCleanup: Sendable {
    public let session: MigrationSession

    public init(session: MigrationSession) {
        self.session = session
    }

    /// The set-aside directory and what it holds, or why it must not be removed yet.
    public func check() throws -> (directory: String, bytes: UInt64) {
        let entries = try session.journal.entries()
        guard entries.last(where: { $0.event == .runFinished || $0.event == .runRolledBack })?.event == .runFinished
        else {
            throw MigrationError.stepFailed(
                step: "cleanup",
                reason: "the run has not finished (or was rolled back); the old state stays until a run is verified")
        }
        let verified = try session.journal.verifiedSteps()
        let required = session.plan.steps.map(\.name).filter { $0.hasPrefix("verify-") }
        let missing = required.filter { !verified.contains($0) }
        guard missing.isEmpty else {
            throw MigrationError.stepFailed(
                step: "cleanup", reason: "not verified: \(missing.joined(separator: ", ")); nothing was removed")
        }
        let directory = session.hostRoot.resolve(
            session.plan.host.dataRoot + "/drivershift-set-aside/" + session.plan.fingerprint.digest.prefix(12))
        guard FileManager.default.fileExists(atPath: directory) else {
            throw MigrationError.stepFailed(step: "cleanup", reason: "\(directory) is already gone; nothing to do")
        }
        return (directory, Self.allocatedBytes(directory))
    }

    /// Removes the set-aside directory (the old pool's files with it) and notes it in the journal.
    public func run() throws -> UInt64 {
        let (directory, bytes) = try check()
        try session.journal.append(
            JournalEntry(time: MigrationClock.now(), event: .stepStarted, step: "cleanup", message: directory))
        try FileManager.default.removeItem(atPath: directory)
        try session.journal.append(
            JournalEntry(
                time: MigrationClock.now(), event: .stepVerified, step: "cleanup", outcome: "changed",
                message: "removed \(directory)"))
        return bytes
    }

    static func allocatedBytes(_ directory: String) -> UInt64 {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total: UInt64 = 0
        while let name = walker.nextObject() as? String {
            var info = stat()
            if lstat(directory + "/" + name, &info) == 0 { total += UInt64(max(0, info.st_blocks)) * 512 }
        }
        return total
    }
}
