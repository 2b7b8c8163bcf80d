/// The end of a run, like a play recap: each step's outcome and the counts.
public struct MigrationRecap: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var step: String
        public var outcome: String
        public var detail: String?
        public var seconds: Double
    }

    public var lines: [Line]
    public var rolledBack: Bool
    public var reportPath: String?

    public var failed: Bool { lines.contains { $0.outcome == "failed" } }
    public var changed: Bool { lines.contains { $0.outcome == "changed" } }
    public func count(_ outcome: String) -> Int { lines.filter { $0.outcome == outcome }.count }

    /// The engine contract: 0 nothing to do, 2 changed, 1 failed.
    public var exitCode: Int32 {
        if failed || rolledBack { return 1 }
        return changed ? 2 : 0
    }
}
