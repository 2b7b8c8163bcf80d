import ArgumentParser
import Foundation
import StorageSwitch

/// `drivershift switch`: change dockerd's storage configuration to overlay2 or direct-lvm, checked first.
struct SwitchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switch",
        abstract: "Switch dockerd's storage configuration to overlay2 or direct-lvm, with preflight and rollback.",
        discussion: """
            Runs the preflight checks, shows every file change as a diff and every command, and applies them \
            after you type yes (or with --yes): stop dockerd, provision the thin pool (direct-lvm), write the \
            files atomically with backups, start dockerd and wait until it answers with the new driver. If \
            anything fails, everything is rolled back by itself. Images and containers are not carried: that is \
            the migration's job. `--rollback` undoes the last switch from its record. Exit codes: 0 nothing to \
            do (or a clean dry run), 2 changed, 1 blocked or failed.
            """
    )

    @OptionGroup var host: HostOptions
    @OptionGroup var daemon: DaemonControlOptions

    @OptionGroup var targetOptions: TargetOptions

    @Flag(help: "Show the preflight, the diffs and the commands; change nothing.")
    var dryRun = false

    @Flag(help: "Apply without asking for the word yes.")
    var yes = false

    @Flag(help: "Undo a switch from its record (the last one unless --record), and start the old daemon.")
    var rollback = false

    @Option(help: ArgumentHelp("With --rollback: the switch record to undo.", valueName: "file"))
    var record: String?

    @Option(help: "The plan (dry run) or the result: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if rollback {
            if targetOptions.target != nil {
                throw ValidationError("--rollback undoes a recorded switch; leave out --to")
            }
            return
        }
        if record != nil { throw ValidationError("--record goes with --rollback") }
        try targetOptions.check(required: true)
    }

    func run() async throws {
        let options: StorageSwitchOptions
        do {
            options = try switchOptions()
        } catch {
            throw FailureReporter.fail(error)
        }
        if rollback { return try await rollBack(options) }

        let plan: StorageSwitchPlan
        do {
            plan = try await StorageSwitchPlanner(options: options).plan()
        } catch {
            throw FailureReporter.fail(error)
        }
        try show(plan)
        if !plan.blockers.isEmpty {
            FailureReporter.note("\(plan.blockers.count) preflight blocker(s); nothing was changed")
            throw ExitCode.failure
        }
        if plan.isNothingToDo {
            FailureReporter.note("dockerd is already configured for \(plan.target); nothing to do")
            return
        }
        if dryRun {
            FailureReporter.note("dry run: nothing was changed")
            return
        }
        guard yes || Confirmation.ask("Type yes to apply these changes: ") else {
            FailureReporter.note("not confirmed; nothing was changed")
            throw ExitCode.failure
        }
        do {
            let (_, path) = try await StorageSwitchRunner(options: options, observer: SwitchProgressView())
                .apply(plan)
            FailureReporter.note(
                "dockerd now runs with \(plan.target.driverName); record: \(path) "
                    + "(undo with `drivershift switch --rollback`)")
        } catch {
            throw FailureReporter.fail(error)
        }
        throw ExitCode(2)
    }

    private func rollBack(_ options: StorageSwitchOptions) async throws {
        do {
            let records = StorageSwitchRecordFile(
                hostRoot: options.inventory.hostRoot, stateDirectory: options.stateDirectory)
            let (loaded, path) = try records.load(from: record)
            guard loaded.state != .rolledBack else {
                FailureReporter.note("the switch recorded in \(path) was already rolled back; nothing to do")
                return
            }
            guard yes || Confirmation.ask("Roll back the switch recorded in \(path)? Type yes: ") else {
                FailureReporter.note("not confirmed; nothing was changed")
                throw ExitCode.failure
            }
            let warnings = try await StorageSwitchRunner(options: options, observer: SwitchProgressView())
                .rollback(loaded, savedAt: path)
            for warning in warnings { FailureReporter.note("note: \(warning)") }
            FailureReporter.note("rolled back; the configuration files hold their old bytes again")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw FailureReporter.fail(error)
        }
        throw ExitCode(2)
    }

    private func show(_ plan: StorageSwitchPlan) throws {
        switch format {
        case .table:
            print(StorageSwitchPlanRenderer().render(plan), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(plan), as: UTF8.self))
        }
    }

    private func switchOptions() throws -> StorageSwitchOptions {
        try targetOptions.storageOptions(host: host, daemon: daemon)
    }
}
