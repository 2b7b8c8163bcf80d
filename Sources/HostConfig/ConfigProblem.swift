/// Something wrong or risky in the configuration that the inventory reports and goes on from.
public struct ConfigProblem: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Hashable {
        /// dockerd (or systemd) will not start as configured.
        case error
        /// It starts, but the configuration is easy to get wrong when it is changed.
        case warning
    }

    public var severity: Severity
    public var message: String
    /// The host path concerned, when there is one.
    public var path: String?
    public var line: Int?
    public var column: Int?

    public init(severity: Severity, message: String, path: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.message = message
        self.path = path
        self.line = line
        self.column = column
    }
}
