import Foundation

/// Starts dockerd on the new configuration and waits until it answers with the target driver; when it does
/// not, the error carries the daemon log's last lines. Rolling back stops it again and moves the state it
/// made under the new driver aside, so that a later attempt starts from an empty store as the first did.
public struct StartDaemonStep: MigrationStep {
    public let name = "start-daemon"

    public init() {}

    /// What the new driver's daemon writes in the data root.
    static func targetPaths(_ context: MigrationContext) -> [String] {
        let driver = context.plan.target.driverName
        return [driver, "image/\(driver)"]
    }

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        if context.recordedValue(step: name, key: "fresh") == nil {
            // Only a store this run created is moved aside by a rollback; one that was there before stays.
            let existed = Self.targetPaths(context).contains {
                FileManager.default.fileExists(atPath: context.resolve(context.plan.host.dataRoot + "/" + $0))
            }
            try context.record(step: name, ["fresh": existed ? "no" : "yes"])
        }
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
        guard context.recordedValue(step: name, key: "fresh") == "yes" else { return }
        let aside = SetAsideStep.setAsideRoot(context) + "/after-rollback-\(Int(Date().timeIntervalSince1970))"
        for relative in Self.targetPaths(context) {
            let made = context.resolve(context.plan.host.dataRoot + "/" + relative)
            guard FileManager.default.fileExists(atPath: made) else { continue }
            let destination = context.resolve(aside + "/" + relative)
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try SetAsideStep.rename(made, to: destination)
            context.note(name, "moved the new driver's \(made) to \(destination) (nothing deleted)")
        }
    }
}
