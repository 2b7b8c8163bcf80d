import DaemonControl
import DockerEngine
import Foundation
import HostSystem
import Synchronization

/// What every step of one run shares: the plan, the host, the daemon, the journal and the observer.
public final class MigrationContext: Sendable {
    public let plan: MigrationPlan
    public let hostRoot: HostRoot
    public let endpoint: EngineEndpoint
    public let journal: MigrationJournal
    public let observer: any MigrationObserver
    public let runner = CommandRunner()
    /// How long a restarted daemon may take to answer.
    public let readyTimeout: Duration
    private let recorded: Mutex<[String: [String: String]]>

    public init(
        plan: MigrationPlan, hostRoot: HostRoot, endpoint: EngineEndpoint, journal: MigrationJournal,
        observer: any MigrationObserver, readyTimeout: Duration = .seconds(120)
    ) throws {
        self.plan = plan
        self.hostRoot = hostRoot
        self.endpoint = endpoint
        self.journal = journal
        self.observer = observer
        self.readyTimeout = readyTimeout
        self.recorded = Mutex(try journal.recordedData())
    }

    /// The real location of a host path.
    public func resolve(_ hostPath: String) -> String { hostRoot.resolve(hostPath) }

    public var stateDirectory: String { resolve(plan.stateDirectory) }

    public func daemonController() -> DaemonController {
        DaemonController(
            method: plan.daemonControl, endpoint: endpoint,
            logSource: plan.daemonLogPath.map { .files([resolve($0)]) }, hostRoot: hostRoot)
    }

    /// A client for the daemon as it runs now (a restart needs a new one: the API version may differ).
    public func engineClient() async throws -> EngineClient {
        try await EngineClient.connect(to: endpoint)
    }

    /// Facts a step keeps for a later step or a rollback, written to the journal before they are relied on.
    public func record(step: String, _ values: [String: String]) throws {
        try journal.append(JournalEntry(time: MigrationClock.now(), event: .stepData, step: step, data: values))
        recorded.withLock { $0[step, default: [:]].merge(values) { _, new in new } }
    }

    public func recordedValue(step: String, key: String) -> String? {
        recorded.withLock { $0[step]?[key] }
    }

    public func note(_ step: String, _ text: String) { observer.handle(.note(step: step, text)) }
}
