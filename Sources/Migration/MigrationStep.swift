/// One step of a migration. `run` must be idempotent: after a crash it runs again on whatever the last
/// attempt left, finds what is already done, and finishes the rest. `verify` checks the result from scratch.
public protocol MigrationStep: Sendable {
    /// The playbook's name for it (`export`, `set-aside`).
    var name: String { get }

    func run(_ context: MigrationContext) async throws -> StepOutcome
    func verify(_ context: MigrationContext) async throws
    /// Undoes what `run` did; safe to call when it did nothing or only part of it.
    func rollback(_ context: MigrationContext) async throws
}

extension MigrationStep {
    public func verify(_ context: MigrationContext) async throws {}
    public func rollback(_ context: MigrationContext) async throws {}
}
