/// Writes the report of the run so far (every step before this one) as json, md and html to the state directory.
public struct ReportStep: MigrationStep {
    public let name = "report"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let recap = try ReportWriter.recap(from: context.journal, plan: context.plan)
        let path = try ReportWriter.write(
            MigrationReport(plan: context.plan, recap: recap), toDirectory: context.stateDirectory)
        context.note(name, "report written to \(path) (and .md, .json)")
        return .changed
    }
}
