/// One row of the fleet summary: what happened on one host of the rollout, and why when it went wrong.
public struct FleetHost: Sendable, Equatable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// A dry run: the plan was made and nothing changed (check mode, or `drivershift_apply: false`).
        case planned
        case migrated
        /// The host already ran the target driver: nothing to do.
        case unchanged
        /// Preflight found blockers; the plan was written but not run.
        case blocked
        case failed
        /// A step failed and drivershift undid the run: the host is back on its old driver.
        case rolledBack = "rolled-back"
        /// The rollout stopped before this host's batch, or the host was never reached.
        case notRun = "not run"

        /// Whether the row is a problem an operator has to look at.
        public var isProblem: Bool { [.blocked, .failed, .rolledBack].contains(self) }
    }

    /// The inventory name (every host of a fleet built from one kickstart may report the same hostname).
    public var name: String
    public var from: String?
    public var to: String?
    public var images: Int?
    public var layerBytes: UInt64?
    /// Measured downtime after a run; nil before one.
    public var downtimeSeconds: Double?
    /// The plan's estimate, shown while nothing has run.
    public var estimatedDowntimeSeconds: Int?
    /// "verified", "mismatch" or "not run".
    public var verification: String
    public var outcome: Outcome
    /// Why a host failed, was blocked or did not run; nil when all went well.
    public var reason: String?
    /// The host's HTML report, relative to the summary's directory, when one was fetched.
    public var reportLink: String?

    public init(
        name: String, from: String? = nil, to: String? = nil, images: Int? = nil, layerBytes: UInt64? = nil,
        downtimeSeconds: Double? = nil, estimatedDowntimeSeconds: Int? = nil, verification: String = "not run",
        outcome: Outcome, reason: String? = nil, reportLink: String? = nil
    ) {
        self.name = name
        self.from = from
        self.to = to
        self.images = images
        self.layerBytes = layerBytes
        self.downtimeSeconds = downtimeSeconds
        self.estimatedDowntimeSeconds = estimatedDowntimeSeconds
        self.verification = verification
        self.outcome = outcome
        self.reason = reason
        self.reportLink = reportLink
    }
}
