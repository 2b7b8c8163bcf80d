import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The run's journal: one JSON object per line, appended and fsync'd before the run goes on, never rewritten.
///
/// A line cut short by a crash (no newline at the end) is ignored on reading: its step did not get as far as
/// saying so, and steps re-verify what they find.
public struct MigrationJournal: Sendable {
    /// The journal's real location (host root already applied).
    public let location: String

    public init(location: String) {
        self.location = location
    }

    public func append(_ entry: JournalEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        let descriptor = open(location, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw MigrationError.journal(path: location, reason: Self.errorText()) }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw MigrationError.journal(path: location, reason: Self.errorText())
        }
    }

    /// Every complete entry, in order; empty when there is no journal yet.
    public func entries() throws -> [JournalEntry] {
        guard let data = FileManager.default.contents(atPath: location) else { return [] }
        var entries: [JournalEntry] = []
        let decoder = JSONDecoder()
        var lineStart = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            let line = data[lineStart..<index]
            lineStart = data.index(after: index)
            guard !line.isEmpty else { continue }
            do {
                entries.append(try decoder.decode(JournalEntry.self, from: line))
            } catch {
                throw MigrationError.journal(
                    path: location,
                    reason: "a line cannot be read (\(error)); it was not "
                        + "written by drivershift or the file was edited")
            }
        }
        return entries
    }

    /// The steps whose last word in the journal is "verified", and not rolled back since.
    public func verifiedSteps() throws -> Set<String> {
        var verified: Set<String> = []
        for entry in try entries() {
            guard let step = entry.step else { continue }
            switch entry.event {
            case .stepVerified: verified.insert(step)
            case .stepRolledBack, .stepStarted, .stepFailed: verified.remove(step)
            default: break
            }
        }
        return verified
    }

    /// The data each step recorded, the latest per key, for rollbacks and later steps.
    public func recordedData() throws -> [String: [String: String]] {
        var data: [String: [String: String]] = [:]
        for entry in try entries() {
            guard let step = entry.step, let values = entry.data else { continue }
            data[step, default: [:]].merge(values) { _, new in new }
        }
        return data
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
