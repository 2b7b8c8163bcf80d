import DriverShiftTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `drivershift run` started as a real process and killed with SIGKILL at a chosen moment, seen from outside
/// through the journal and the export store, as a power cut would hit it.
enum KilledRun {
    enum Moment: Sendable, CustomTestStringConvertible {
        /// Right after the journal says the step was verified.
        case after(String)
        /// Once the export has written its first bytes, before it is verified.
        case duringExport
        /// Once the import has started, before it is verified.
        case duringImport

        var testDescription: String {
            switch self {
            case .after(let step): return "after \(step)"
            case .duringExport: return "during export"
            case .duringImport: return "during import"
            }
        }
    }

    /// Starts the run, kills it at `moment`, and returns the journal as it was then. Throws if the run ended
    /// before the moment came.
    static func run(planPath: String, journal: String, store: String, at moment: Moment) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DriverShiftBinary.path())
        process.arguments = ["run", "--plan", planPath, "--yes"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
            if isDue(moment, journal: text, store: store) {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return text
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        throw TestFailure("the run ended (status \(process.terminationStatus)) before \(moment.testDescription)")
    }

    static func isDue(_ moment: Moment, journal: String, store: String) -> Bool {
        let events = events(journal)
        // Until the new run moves it aside, the journal is the previous, rolled-back run's.
        if events.last(where: { $0.0 == "run-started" || $0.0 == "run-rolled-back" })?.0 != "run-started" {
            return false
        }
        switch moment {
        case .after(let step):
            return events.contains { $0 == ("step-verified", step) }
        case .duringExport:
            let blobs = (try? FileManager.default.contentsOfDirectory(atPath: store + "/blobs/sha256")) ?? []
            return events.contains { $0 == ("step-started", "export") } && !blobs.isEmpty
        case .duringImport:
            return events.contains { $0 == ("step-started", "import") }
        }
    }

    /// (event, step) of every complete line.
    static func events(_ journal: String) -> [(String, String)] {
        journal.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let event = object["event"] as? String
            else { return nil }
            return (event, object["step"] as? String ?? "")
        }
    }
}
