import ContainerCarry

/// Checks that every named volume holds exactly what it held when dockerd was stopped (digest over names,
/// types, modes, owners and contents), before any container is started again and could write to it.
public struct VerifyVolumesStep: MigrationStep {
    public let name = "verify-volumes"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        var differing: [String] = []
        for volume in context.plan.volumes {
            guard let before = context.recordedValue(step: "stop-daemon", key: "volume.\(volume.name)") else {
                throw MigrationError.stepFailed(
                    step: name, reason: "no digest of volume \(volume.name) was taken when dockerd stopped")
            }
            let now = try VolumeDigest.compute(path: context.resolve(volume.mountpoint))
            if now != before { differing.append("\(volume.name) (\(volume.mountpoint))") }
        }
        guard differing.isEmpty else {
            throw MigrationError.stepFailed(
                step: name,
                reason: "these volumes changed since dockerd was stopped: \(differing.joined(separator: ", "))")
        }
        context.note(name, "\(context.plan.volumes.count) volume(s) hold the same bytes")
        return .ok
    }
}
