import Foundation
import Inventory
import Preflight

/// Checks, at run time, that the host is still the one the plan was made for and that nothing blocks.
public struct PreflightStep: MigrationStep {
    public let name = "preflight"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let plan = context.plan
        let inventory = try await InventoryBuilder(
            options: InventoryOptions(
                hostRoot: context.hostRoot, dataRoot: plan.host.dataRoot, host: "unix://" + context.endpoint.socketPath)
        ).build()
        let daemonJSON = FileManager.default.contents(atPath: context.resolve(plan.host.configFile))
        let now = HostFingerprint(inventory: inventory, daemonJSONBytes: daemonJSON)
        guard now.digest == plan.fingerprint.digest else {
            throw MigrationError.stalePlan(path: "the plan", differences: now.differences(from: plan.fingerprint))
        }
        var checks = await PreflightRunner.run(
            PreflightContext(
                inventory: inventory, configuration: inventory.docker.configuration, hostRoot: context.hostRoot,
                target: plan.target, exportDirectory: context.resolve(plan.exportDirectory), device: plan.device,
                forceDevice: plan.forceDevice))
        if let device = plan.device, let provisioning = plan.provisioning {
            checks += await DirectLVMChecks.run(
                device: device, requiredBytes: SpaceRequirement(inventory: inventory).thinPoolBytes,
                forceDevice: plan.forceDevice, settings: provisioning.settings, hostRoot: context.hostRoot)
        }
        let blockers = checks.filter { $0.status == .blocker }
        guard blockers.isEmpty else {
            throw MigrationError.stepFailed(
                step: name,
                reason: blockers.map { "\($0.title): \($0.finding)" }.joined(separator: "; "))
        }
        for warning in checks where warning.status == .warning {
            context.note(name, "\(warning.title): \(warning.finding)")
        }
        return .ok
    }
}
