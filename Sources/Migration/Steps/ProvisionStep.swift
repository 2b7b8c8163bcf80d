import DirectLVM
import Foundation

/// Builds the direct-lvm thin pool on the plan's device. The provisioner reports each finished command; the
/// step journals that record at once, so a rollback removes exactly what was created, even after a crash.
public struct ProvisionStep: MigrationStep {
    public let name = "provision"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        guard let plan = context.plan.provisioning else { return .skipped(reason: "the target needs no thin pool") }
        if let earlier = try recordedProvisioning(context) {
            if earlier.completed.count == plan.steps.count { return .ok }
            // An attempt stopped part way: undo exactly what it did, then build the pool from the start.
            _ = try await LVMProvisioner(hostRoot: context.hostRoot).rollback(earlier)
        }
        for step in plan.steps { context.observer.handle(.note(step: name, step.description)) }
        let stepName = name
        _ = try await LVMProvisioner(hostRoot: context.hostRoot).run(plan) { record in
            try context.record(step: stepName, ["record": try Self.encode(record)])
        }
        return .changed
    }

    public func rollback(_ context: MigrationContext) async throws {
        guard let record = try recordedProvisioning(context) else { return }
        let stepName = name
        let report = try await LVMProvisioner(hostRoot: context.hostRoot).rollback(record) { remaining in
            try context.record(step: stepName, ["record": try Self.encode(remaining)])
        }
        for left in report.leftInPlace { context.note(name, "left in place: \(left)") }
    }

    func recordedProvisioning(_ context: MigrationContext) throws -> LVMProvisioningRecord? {
        guard let text = context.recordedValue(step: name, key: "record") else { return nil }
        return try JSONDecoder().decode(LVMProvisioningRecord.self, from: Data(text.utf8))
    }

    static func encode(_ record: LVMProvisioningRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}
