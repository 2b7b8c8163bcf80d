/// A rough duration for the report, from the plan's byte counts and conservative rates; the basis says which.
enum DurationEstimator {
    /// Rates measured on modest disks; a real run is usually faster (docs/benchmarks.md).
    static let exportBytesPerSecond: UInt64 = 100 * 1024 * 1024
    static let verifyBytesPerSecond: UInt64 = 300 * 1024 * 1024
    static let importBytesPerSecond: UInt64 = 60 * 1024 * 1024
    static let daemonRestartSeconds = 15
    static let perContainerSeconds = 2

    static func estimate(_ plan: MigrationPlan) -> DurationEstimate {
        let bytes = plan.images.reduce(UInt64(0)) { $0 + $1.bytes }
        let export = Int(bytes / exportBytesPerSecond) + 1
        let verify = Int(bytes / verifyBytesPerSecond) + 1
        let importing = Int(bytes / importBytesPerSecond) + 1
        let restarts = plan.steps.contains { $0.name == "restore-tags" } ? 2 : 1
        let containers = plan.containers.filter { $0.action != .skip }.count * perContainerSeconds
        let provision = plan.provisioning == nil ? 0 : 30
        let downtime = importing + verify + restarts * daemonRestartSeconds + containers + provision
        return DurationEstimate(
            totalSeconds: export + verify + downtime, downtimeSeconds: downtime,
            basis: "\(bytes) bytes of layers at 100 MiB/s export, 300 MiB/s verification and 60 MiB/s load, "
                + "\(daemonRestartSeconds) s per daemon restart, \(perContainerSeconds) s per container; "
                + "downtime runs from stop-daemon to the last container")
    }
}
