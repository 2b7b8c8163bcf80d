import ArgumentParser
import DirectLVM
import Foundation
import Inventory
import Migration
import StorageSwitch
import Wizard

#if canImport(Glibc)
    import Glibc
#endif

/// `drivershift wizard`: the whole migration one screen at a time, for a person at a terminal.
struct WizardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Migrate this host step by step in the terminal: see every change first, quit at any question.",
        discussion: """
            Shows what the host is, asks where to move (overlay2 or direct-lvm), what to do with containers and \
            where the export goes, runs the preflight, shows the plan with every diff and command, offers to \
            save it, and runs it after you type yes, with live progress. Ctrl-C during the run stops after the \
            current step; starting the wizard again offers to resume or roll back. The plan is the one \
            `drivershift plan` writes: a saved plan runs unattended with `drivershift run --plan`. Needs a \
            terminal on stdin. --to, --device, --export-dir and --containers preselect answers. Exit codes: 0 \
            nothing changed, 2 changed, 1 failed, 130 stopped by Ctrl-C.
            """
    )

    @OptionGroup var host: HostOptions
    @OptionGroup var daemon: DaemonControlOptions
    @OptionGroup var targetOptions: TargetOptions

    @Option(
        name: .customLong("containers"),
        help: ArgumentHelp("Preselect what to do with containers: recreate, commit-only or skip.", valueName: "policy"))
    var containerPolicy: String = ContainerPolicy.recreate.rawValue

    func validate() throws {
        // The wizard asks for the disk itself: --to direct-lvm needs no --device here, the rest is checked as
        // `plan` checks it.
        var given = targetOptions
        if given.target == StorageSwitchOptions.TargetKind.directLVM.rawValue && given.device == nil {
            given.device = "(chosen in the wizard)"
        }
        try given.check(required: false)
        guard ContainerPolicy(rawValue: containerPolicy) != nil else {
            throw ValidationError("--containers must be recreate, commit-only or skip, not \(containerPolicy)")
        }
    }

    func run() async throws {
        // Before anything else: without a terminal there is no one to answer.
        guard isatty(STDIN_FILENO) == 1 else { throw FailureReporter.fail(WizardError.notATerminal) }
        let configuration: WizardConfiguration
        do {
            let hostRoot = host.resolvedHostRoot
            configuration = WizardConfiguration(
                inventory: InventoryOptions(
                    hostRoot: hostRoot, dataRoot: host.dataRoot, host: host.host, offline: host.offline,
                    timeoutSeconds: host.timeout),
                daemonControl: try daemon.resolve(hostRoot: hostRoot), daemonLogPath: daemon.logPath,
                thinPool: ThinPoolSettings(
                    autoextendThreshold: targetOptions.autoextendThreshold,
                    autoextendPercent: targetOptions.autoextendPercent),
                target: targetOptions.target, device: targetOptions.device, forceDevice: targetOptions.forceDevice,
                exportDirectory: targetOptions.exportDirectory,
                containerPolicy: ContainerPolicy(rawValue: containerPolicy) ?? .recreate)
        } catch {
            throw FailureReporter.fail(error)
        }
        let code = await Wizard(configuration: configuration).run()
        if code != 0 { throw ExitCode(code) }
    }
}
