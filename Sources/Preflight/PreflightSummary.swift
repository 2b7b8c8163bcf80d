/// The preflight in a few numbers: how many checks passed, warned and blocked, and which ones block.
public struct PreflightSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    public var ok: Int
    public var warnings: Int
    public var blockers: Int
    /// The blocking checks, in the order they were made.
    public var blockerChecks: [PreflightCheck]
    /// The worst status found; `.ok` for no checks at all.
    public var worst: PreflightCheck.Status

    public init(_ checks: [PreflightCheck]) {
        ok = checks.filter { $0.status == .ok }.count
        warnings = checks.filter { $0.status == .warning }.count
        blockers = checks.filter { $0.status == .blocker }.count
        blockerChecks = checks.filter { $0.status == .blocker }
        worst = checks.map(\.status).max() ?? .ok
    }

    /// The switch may go ahead: nothing blocks it (warnings are for the operator to accept).
    public var mayProceed: Bool { blockers == 0 }

    /// "3 ok, 2 warnings, 1 blocker".
    public var description: String {
        "\(ok) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), \(blockers) blocker\(blockers == 1 ? "" : "s")"
    }
}
