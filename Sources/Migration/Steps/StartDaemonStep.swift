/// Starts dockerd on the new configuration and waits until it answers with the target driver; when it does
/// not, the error carries the daemon log's last lines. Rolling back stops it again.
public struct StartDaemonStep: MigrationStep {
    public let name = "start-daemon"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let daemon = context.daemonController()
        let expected = context.plan.target.driverName
        if let ready = try? await daemon.waitUntilReady(expectedDriver: expected, timeout: .seconds(2)),
            ready.driver == expected
        {
            return .ok
        }
        for command in daemon.startCommands { context.observer.handle(.commandRunning(step: name, command)) }
        try await daemon.start()
        _ = try await daemon.waitUntilReady(expectedDriver: expected, timeout: context.readyTimeout)
        return .changed
    }

    public func rollback(_ context: MigrationContext) async throws {
        let daemon = context.daemonController()
        for command in daemon.stopCommands { context.observer.handle(.commandRunning(step: name, command)) }
        try await daemon.stop()
    }
}
