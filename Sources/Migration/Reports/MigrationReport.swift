import Foundation

/// The dry-run report (a plan) or the final report (a plan and how its run went): what `report` renders and
/// the fleet summary reads. JSON is the stable form; md and html are views of it.
public struct MigrationReport: Sendable, Codable {
    public static let currentFormatVersion = 1

    public enum Outcome: String, Sendable, Codable {
        /// Nothing ran yet: this is the dry run.
        case planned
        case migrated
        case failed
        case rolledBack = "rolled-back"
    }

    /// The figures a fleet summary needs, in one place.
    public struct Summary: Sendable, Codable, Equatable {
        public var host: String
        public var from: String
        public var to: String
        public var images: Int
        public var layerBytes: UInt64
        public var containersCarried: Int
        public var volumes: Int
        public var notCarried: Int
        public var blockers: Int
        public var warnings: Int
        public var estimatedSeconds: Int
        public var estimatedDowntimeSeconds: Int
        /// Measured: from the first step with dockerd down to the last; nil before a run.
        public var downtimeSeconds: Double?
        /// "verified", "mismatch", or "not run".
        public var verification: String
        public var outcome: Outcome
    }

    public var formatVersion: Int
    public var generatedAt: String
    public var summary: Summary
    public var plan: MigrationPlan
    public var recap: MigrationRecap?
    /// Mismatches found by verify-import and verify-volumes; empty when all matched.
    public var mismatches: [String]

    public init(plan: MigrationPlan, recap: MigrationRecap?, mismatches: [String] = [], now: Date = Date()) {
        self.formatVersion = Self.currentFormatVersion
        self.generatedAt = MigrationClock.string(from: now)
        self.plan = plan
        self.recap = recap
        self.mismatches = mismatches
        let outcome: Outcome
        if let recap {
            outcome = recap.rolledBack ? .rolledBack : recap.failed ? .failed : .migrated
        } else {
            outcome = .planned
        }
        let downtime = recap.map { recap in
            recap.lines.filter { PlannedStepDescriber.downtimeSteps.contains($0.step) }.reduce(0) { $0 + $1.seconds }
        }
        // Any verify step that failed (the export's included) is a mismatch; "verified" needs the import and the
        // volumes checked.
        let verifySteps = recap?.lines.filter { $0.step.hasPrefix("verify-") } ?? []
        let finalChecks = verifySteps.filter { ["verify-import", "verify-volumes"].contains($0.step) }
        let verification: String
        if !mismatches.isEmpty && recap != nil || verifySteps.contains(where: { $0.outcome == "failed" }) {
            verification = "mismatch"
        } else if finalChecks.count == 2 {
            verification = "verified"
        } else {
            verification = "not run"
        }
        summary = Summary(
            host: plan.host.hostname, from: plan.host.sourceDriver ?? "none", to: plan.target.description,
            images: plan.images.count, layerBytes: plan.images.reduce(0) { $0 + $1.bytes },
            containersCarried: plan.containers.filter { $0.action == .recreate || $0.action == .commitAndRecreate }
                .count,
            volumes: plan.volumes.count, notCarried: plan.notCarried.count, blockers: plan.blockers.count,
            warnings: plan.preflight.filter { $0.status == .warning }.count,
            estimatedSeconds: plan.estimate.totalSeconds, estimatedDowntimeSeconds: plan.estimate.downtimeSeconds,
            downtimeSeconds: downtime, verification: verification, outcome: outcome)
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
