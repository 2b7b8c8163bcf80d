import ContainerCarry

/// Stops dockerd (and its socket unit) so nothing writes to the old state while it is moved aside.
/// Rolling back starts the old daemon again, if it was running when the plan was made.
public struct StopDaemonStep: MigrationStep {
    public let name = "stop-daemon"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let daemon = context.daemonController()
        let wasAnswering = await daemon.isAnswering()
        if wasAnswering {
            // A clean stop marks every container stopped on disk: which ones ran is known only now.
            let running = try await context.engineClient().containers(withSizes: false)
                .filter { $0.State == "running" }.map(\.Id)
            try context.record(step: name, ["running": running.joined(separator: ",")])
        }
        for command in daemon.stopCommands { context.observer.handle(.commandRunning(step: name, command)) }
        try await daemon.stop()
        // With nothing writing, each volume's digest is the reference verify-volumes compares against.
        for volume in context.plan.volumes {
            let digest = try VolumeDigest.compute(path: context.resolve(volume.mountpoint))
            try context.record(step: name, ["volume.\(volume.name)": digest])
        }
        return wasAnswering ? .changed : .ok
    }

    public func verify(_ context: MigrationContext) async throws {
        if await context.daemonController().isAnswering() {
            throw MigrationError.stepFailed(
                step: name, reason: "dockerd still answers at \(context.endpoint) after the stop commands")
        }
    }

    public func rollback(_ context: MigrationContext) async throws {
        guard context.plan.host.daemonWasRunning else { return }
        let daemon = context.daemonController()
        for command in daemon.startCommands { context.observer.handle(.commandRunning(step: name, command)) }
        try await daemon.start()
        _ = try await daemon.waitUntilReady(
            expectedDriver: context.plan.host.sourceDriver, timeout: context.readyTimeout)
    }
}
