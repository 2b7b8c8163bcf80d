import DockerEngine
import Foundation
import HostSystem
import Inventory

/// One run of one plan on one host: where its state lives (the plan's copy, the journal, the reports) and the
/// entry points the faces share: start, resume, roll back, clean up.
public struct MigrationSession: Sendable {
    public let plan: MigrationPlan
    public let hostRoot: HostRoot

    public static let planCopyName = "plan.yaml"
    public static let journalName = "journal.jsonl"

    public init(plan: MigrationPlan) {
        self.plan = plan
        self.hostRoot = HostRoot(plan.host.hostRoot)
    }

    public var stateDirectory: String { hostRoot.resolve(plan.stateDirectory) }
    public var journal: MigrationJournal { MigrationJournal(location: stateDirectory + "/" + Self.journalName) }
    public var hasStarted: Bool { (try? journal.entries().contains { $0.event == .runStarted }) ?? false }

    /// A run that was rolled back ended where it began: the plan may be run again.
    public var wasRolledBack: Bool {
        let entries = (try? journal.entries()) ?? []
        return entries.last { $0.event == .runRolledBack || $0.event == .runStarted }?.event == .runRolledBack
    }

    /// No run yet, or the last one was rolled back.
    public var mayStart: Bool { !hasStarted || wasRolledBack }

    /// The runs under a host's state directory that started and neither finished nor rolled back.
    public static func unfinishedRuns(hostRoot: HostRoot, stateRoot: String) -> [String] {
        let runs = hostRoot.resolve(stateRoot + "/runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return names.sorted().compactMap { name in
            let directory = runs + "/" + name
            let journal = MigrationJournal(location: directory + "/" + journalName)
            guard let entries = try? journal.entries(), entries.contains(where: { $0.event == .runStarted }),
                !entries.contains(where: { $0.event == .runFinished || $0.event == .runRolledBack })
            else { return nil }
            return directory + "/" + planCopyName
        }
    }

    /// Refuses a plan whose host has changed since it was made.
    public func checkFingerprint(planPath: String) async throws {
        let inventory = try await InventoryBuilder(
            options: InventoryOptions(
                hostRoot: hostRoot, dataRoot: plan.host.dataRoot, host: "unix://" + plan.host.socket)
        ).build()
        let daemonJSON = FileManager.default.contents(atPath: hostRoot.resolve(plan.host.configFile))
        let now = HostFingerprint(inventory: inventory, daemonJSONBytes: daemonJSON)
        guard now.digest == plan.fingerprint.digest else {
            throw MigrationError.stalePlan(path: planPath, differences: now.differences(from: plan.fingerprint))
        }
    }

    /// Starts a new run: the state directory, the plan's copy, then the steps.
    public func start(observer: any MigrationObserver) async throws -> MigrationRecap {
        guard plan.blockers.isEmpty else { throw MigrationError.blocked(count: plan.blockers.count) }
        guard mayStart else { throw MigrationError.runInProgress(journal: journal.location) }
        try FileManager.default.createDirectory(
            atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if hasStarted {
            // The journal of the rolled-back attempt is kept beside the new one, never overwritten.
            let archived = stateDirectory + "/journal-rolled-back-\(Int(Date().timeIntervalSince1970)).jsonl"
            try FileManager.default.moveItem(atPath: journal.location, toPath: archived)
        }
        try PlanFile.write(plan, to: stateDirectory + "/" + Self.planCopyName)
        return try await execute(observer: observer)
    }

    /// Continues a run from the last verified step.
    public func resume(observer: any MigrationObserver) async throws -> MigrationRecap {
        guard hasStarted else { throw MigrationError.noRun(stateDirectory: stateDirectory) }
        return try await execute(observer: observer)
    }

    /// Undoes every started step in reverse and brings the old daemon back.
    public func rollback(observer: any MigrationObserver) async throws {
        guard hasStarted else { throw MigrationError.noRun(stateDirectory: stateDirectory) }
        let context = try makeContext(observer: observer)
        try await MigrationRunner(context: context, steps: StepCatalog.steps(for: plan)).rollBackEverything()
        try writeReport(observer: observer)
    }

    private func execute(observer: any MigrationObserver) async throws -> MigrationRecap {
        let context = try makeContext(observer: observer)
        var recap = try await MigrationRunner(context: context, steps: StepCatalog.steps(for: plan)).run()
        recap.reportPath = try writeReport(observer: observer)
        return recap
    }

    /// The final report, whatever the outcome, next to the journal.
    @discardableResult
    func writeReport(observer: any MigrationObserver) throws -> String {
        let recap = try ReportWriter.recap(from: journal, plan: plan)
        let mismatches = recap.lines.filter { $0.outcome == "failed" && $0.step.hasPrefix("verify-") }.compactMap {
            line in
            line.detail.map { "\(line.step): \($0)" }
        }
        return try ReportWriter.write(
            MigrationReport(plan: plan, recap: recap, mismatches: mismatches), toDirectory: stateDirectory)
    }

    func makeContext(observer: any MigrationObserver) throws -> MigrationContext {
        try MigrationContext(
            plan: plan, hostRoot: hostRoot, endpoint: EngineEndpoint(socketPath: plan.host.socket), journal: journal,
            observer: observer)
    }
}
