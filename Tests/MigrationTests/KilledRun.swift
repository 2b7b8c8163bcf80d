import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `drivershift run` started as a real process and killed with SIGKILL at a chosen moment, seen from outside
/// through its journal, as a power cut would hit it.
enum KilledRun {
    enum Moment: Sendable, CustomTestStringConvertible {
        /// Right after the journal says the step was verified.
        case after(String)
        /// Once the export has committed its first layer blob, before it has finished.
        case duringExport
        /// While the import uploads the store to the daemon.
        case duringImport

        /// The engine's crash point (`CrashPoint` in Migration) where the run stops itself, for moments inside
        /// a step.
        var crashPoint: String? {
            switch self {
            case .after: return nil
            case .duringExport: return CrashPoint.exportLayerWritten.rawValue
            case .duringImport: return CrashPoint.importUploading.rawValue
            }
        }

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
    ///
    /// Moments inside a step are exact: the run stops itself there (`DRIVERSHIFT_STOP_AT`, a crash point of the
    /// engine) and is killed while stopped, so a fast export cannot finish between a poll and the kill. Step
    /// boundaries are seen in the journal, as an operator would see them.
    static func run(planPath: String, journal: String, at moment: Moment) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DriverShiftBinary.path())
        process.arguments = ["run", "--plan", planPath, "--yes"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment[CrashPoint.environmentVariable] = moment.crashPoint
        process.environment = environment
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            let due: Bool
            if moment.crashPoint != nil {
                due = StoppedProcess.isStopped(process.processIdentifier)
            } else {
                due = isDue(moment, journal: (try? String(contentsOfFile: journal, encoding: .utf8)) ?? "")
            }
            if due {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        throw TestFailure("the run ended (status \(process.terminationStatus)) before \(moment.testDescription)")
    }

    static func isDue(_ moment: Moment, journal: String) -> Bool {
        let events = events(journal)
        // Until the new run moves it aside, the journal is the previous, rolled-back run's.
        if events.last(where: { $0.0 == "run-started" || $0.0 == "run-rolled-back" })?.0 != "run-started" {
            return false
        }
        guard case .after(let step) = moment else { return false }
        return events.contains { $0 == ("step-verified", step) }
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
