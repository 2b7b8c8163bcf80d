import HostSystem

/// What the engine reports while it works. The engine never prints: a view turns these into lines, a bar,
/// JSON events or a wizard screen.
public enum MigrationEvent: Sendable {
    case runStarted(steps: [String], resumedAfter: [String])
    case stepStarted(String)
    case stepProgress(step: String, doneBytes: UInt64, totalBytes: UInt64?, detail: String?)
    case commandRunning(step: String, Command)
    case note(step: String, String)
    case stepFinished(String, StepOutcome)
    case rollbackStarted(reason: String)
    case stepRolledBack(String)
    case runFinished(MigrationRecap)
}

/// Receives events in order; called from the engine's task only.
public protocol MigrationObserver: Sendable {
    func handle(_ event: MigrationEvent)
    /// Asked before each step: true stops the run there, between two steps (a safe point), by throwing
    /// `CancellationError`; the journal holds the run unfinished, so `resume` continues it. The wizard's Ctrl-C.
    var stopRequested: Bool { get }
}

extension MigrationObserver {
    public var stopRequested: Bool { false }
}

public struct SilentMigrationObserver: MigrationObserver {
    public init() {}
    public func handle(_ event: MigrationEvent) {}
}
