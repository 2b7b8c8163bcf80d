import ArgumentParser
import HostSystem
import Migration
import StorageSwitch

/// What run, resume and rollback share: the observer for a format, the exit code from a recap, finding the run.
enum MigrationCommandSupport {
    static func observer(_ format: OutputFormat) -> any MigrationObserver {
        format == .json ? JSONMigrationView() : MigrationProgressView()
    }

    /// Runs `body` and turns its recap into the engine contract's exit code.
    static func finish(_ body: () async throws -> MigrationRecap) async throws {
        let recap: MigrationRecap
        do {
            recap = try await body()
        } catch {
            throw FailureReporter.fail(error)
        }
        if let report = recap.reportPath { FailureReporter.note("report: \(report)") }
        if recap.exitCode != 0 { throw ExitCode(recap.exitCode) }
    }

    /// The plan given, else the only unfinished run under the host root.
    static func planPath(_ given: String?, _ hostRoot: String?) throws -> String {
        if let given { return given }
        let runs = MigrationSession.unfinishedRuns(
            hostRoot: HostRoot(hostRoot), stateRoot: StorageSwitchOptions.defaultStateDirectory)
        switch runs.count {
        case 1: return runs[0]
        case 0:
            throw ValidationError(
                "no unfinished run under \(HostRoot(hostRoot).resolve(StorageSwitchOptions.defaultStateDirectory))"
                    + "/runs; name the plan with --plan")
        default:
            throw ValidationError(
                "\(runs.count) unfinished runs (\(runs.joined(separator: ", "))); pick one with --plan")
        }
    }
}
