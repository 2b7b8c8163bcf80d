/// Something wrong found while reading Docker's state that does not stop the rest from being read.
public struct StateProblem: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable {
        /// Data is missing or damaged: a migration would lose something unless the operator acts.
        case error
        /// Worth knowing, nothing is lost (an orphan layer, a nearly full pool).
        case warning
    }

    public let severity: Severity
    /// A stable identifier for scripts, e.g. `layer-missing`, `corrupt-metadata`.
    public let code: String
    /// The file or object concerned.
    public let subject: String
    public let message: String

    public init(severity: Severity, code: String, subject: String, message: String) {
        self.severity = severity
        self.code = code
        self.subject = subject
        self.message = message
    }
}
