/// One line of the journal: what happened to which step, and when.
public struct JournalEntry: Sendable, Codable, Equatable {
    public enum Event: String, Sendable, Codable {
        case runStarted = "run-started"
        case stepStarted = "step-started"
        /// The step did its work and its verification passed: `resume` skips it.
        case stepVerified = "step-verified"
        /// Facts a step keeps for later steps and rollbacks (a moved directory, a committed image).
        case stepData = "step-data"
        case stepFailed = "step-failed"
        case stepRolledBack = "step-rolled-back"
        case runFinished = "run-finished"
        case runRolledBack = "run-rolled-back"
    }

    public var time: String
    public var event: Event
    public var step: String?
    /// ok, changed, skipped, failed: the step's outcome for `stepVerified`/`stepFailed`.
    public var outcome: String?
    public var message: String?
    /// Facts a later rollback needs (a moved directory, a committed image), as the step recorded them.
    public var data: [String: String]?

    public init(
        time: String, event: Event, step: String? = nil, outcome: String? = nil, message: String? = nil,
        data: [String: String]? = nil
    ) {
        self.time = time
        self.event = event
        self.step = step
        self.outcome = outcome
        self.message = message
        self.data = data
    }
}
