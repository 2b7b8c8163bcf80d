import ArgumentParser
import DirectLVM
import Inventory
import StorageSwitch

/// Where to move the host's storage: shared by `switch` and `plan`.
struct TargetOptions: ParsableArguments {
    @Option(name: .customLong("to"), help: ArgumentHelp("The target: overlay2 or direct-lvm.", valueName: "target"))
    var target: String?

    @Option(help: ArgumentHelp("direct-lvm: the whole, empty block device for the thin pool.", valueName: "dev"))
    var device: String?

    @Flag(help: "direct-lvm: accept a device that carries an old filesystem or RAID signature (it is wiped).")
    var forceDevice = false

    @Option(help: ArgumentHelp("direct-lvm: autoextend the pool when it is this full (percent).", valueName: "n"))
    var autoextendThreshold = 80

    @Option(help: ArgumentHelp("direct-lvm: grow the pool by this much each time (percent).", valueName: "n"))
    var autoextendPercent = 20

    @Option(
        name: .customLong("export-dir"),
        help: ArgumentHelp("Where the export store goes (a host path); checked for free space.", valueName: "dir"))
    var exportDirectory: String?

    /// Checks the target options; `required` is false for commands that may run without `--to`.
    func check(required: Bool) throws {
        guard let target else {
            if required { throw ValidationError("say where to go: --to overlay2 or --to direct-lvm") }
            return
        }
        guard let kind = StorageSwitchOptions.TargetKind(rawValue: target) else {
            throw ValidationError("--to must be overlay2 or direct-lvm, not \(target)")
        }
        if kind == .directLVM && device == nil {
            throw ValidationError("--to direct-lvm needs --device: the whole, empty block device for the thin pool")
        }
        if kind == .overlay2 && (device != nil || forceDevice) {
            throw ValidationError("--device and --force-device are for --to direct-lvm")
        }
        for (name, value) in [
            ("--autoextend-threshold", autoextendThreshold), ("--autoextend-percent", autoextendPercent),
        ] where !(1...100).contains(value) {
            throw ValidationError("\(name) must be between 1 and 100, not \(value)")
        }
    }

    func storageOptions(host: HostOptions, daemon: DaemonControlOptions) throws -> StorageSwitchOptions {
        let hostRoot = host.resolvedHostRoot
        return StorageSwitchOptions(
            targetKind: target.flatMap(StorageSwitchOptions.TargetKind.init(rawValue:)) ?? .overlay2,
            device: device, forceDevice: forceDevice,
            thinPool: ThinPoolSettings(autoextendThreshold: autoextendThreshold, autoextendPercent: autoextendPercent),
            exportDirectory: exportDirectory, daemonControl: try daemon.resolve(hostRoot: hostRoot),
            daemonLogPath: daemon.logPath,
            inventory: InventoryOptions(
                hostRoot: hostRoot, dataRoot: host.dataRoot, host: host.host, offline: host.offline,
                timeoutSeconds: host.timeout))
    }
}
