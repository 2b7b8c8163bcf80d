import DirectLVM
import Foundation
import HostSystem
import Inventory
import Migration
import Preflight
import StorageSwitch

/// The wizard's questions in order, with back and quit at each: host, target (and disk), containers, export
/// directory, preflight, plan, save, confirm. The plan is made with `MigrationPlanner` from the same options
/// `drivershift plan` builds, so a saved plan replays unattended with `drivershift run --plan`.
final class WizardFlow {
    enum Stage: Equatable {
        case host, target, device, carry, export, exportTyping, preflight, plan, save, saveTyping, confirm
    }

    enum Transition {
        case next(Stage)
        /// Goes on to `stage` in place of the current one (a typed answer that was accepted).
        case replace(Stage)
        case back
        case stay
        case quit
        case run
        case finish(WizardOutcome)
    }

    let configuration: WizardConfiguration
    let display: WizardDisplay
    var facts: HostFacts?
    var inventory: HostInventory?
    var devices: [DeviceOption]?
    var target: StorageSwitchOptions.TargetKind
    var device: String?
    var policy: ContainerPolicy
    /// nil: the planner's default (`/var/lib/drivershift/export-<plan id>`).
    var exportDirectory: String?
    var typedExport: ExportPlace?
    var plan: MigrationPlan?
    /// What `plan` was made from; a change of answer makes a new plan.
    var planInputs: String?
    var savedPath: String?
    var message: ScreenLine?

    init(configuration: WizardConfiguration, display: WizardDisplay) {
        self.configuration = configuration
        self.display = display
        target = configuration.target.flatMap(StorageSwitchOptions.TargetKind.init(rawValue:)) ?? .overlay2
        device = configuration.device
        policy = configuration.containerPolicy
        exportDirectory = configuration.exportDirectory
    }

    var hostRoot: HostRoot { configuration.inventory.hostRoot }

    func run() async -> WizardOutcome {
        if let outcome = await offerUnfinishedRun() { return outcome }
        busy("Looking at this host", "Looking at this host: Docker, its storage, images, containers, volumes...")
        do {
            let inventory = try await InventoryBuilder(options: configuration.inventory).build()
            self.inventory = inventory
            facts = HostFacts(inventory)
        } catch {
            return ResultText.failure(
                "the host could not be read: \(error)", hint: "`drivershift inventory` shows more.")
        }
        if let preset = configuration.exportDirectory { typedExport = judge(preset) }
        var stack: [Stage] = [.host]
        while let stage = stack.last {
            switch await visit(stage) {
            case .next(let next): stack.append(next)
            case .replace(let next): stack[stack.count - 1] = next
            case .back: if stack.count > 1 { stack.removeLast() }
            case .stay: continue
            case .quit: return quitOutcome()
            case .run: return await runPlan()
            case .finish(let outcome): return outcome
            }
        }
        return quitOutcome()
    }

    private func visit(_ stage: Stage) async -> Transition {
        guard let facts, let inventory else { return .quit }
        switch stage {
        case .host:
            return transition(await ask(HostSummaryScreen.make(facts, host: ProcessInfo.processInfo.hostName))) { _ in
                .next(.target)
            }
        case .target:
            let screen = TargetScreen.make(currentDriver: facts.driver, preset: target.rawValue)
            return transition(await ask(screen)) { id in
                self.target = StorageSwitchOptions.TargetKind(rawValue: id) ?? .overlay2
                return self.target == .directLVM ? .next(.device) : .next(.carry)
            }
        case .device:
            let options = await deviceOptions(inventory)
            let screen = TargetScreen.devices(options, searched: hostRoot.resolve("/sys/class/block"), preset: device)
            return transition(await ask(screen)) { id in
                self.device = id
                return .next(.carry)
            }
        case .carry:
            return transition(await ask(CarryScreen.make(facts, preset: policy))) { id in
                self.policy = ContainerPolicy(rawValue: id) ?? .recreate
                return .next(.export)
            }
        case .export:
            let screen = ExportScreen.make(
                defaultPlace: judge(ExportScreen.defaultParent + "/export"), chosen: typedExport)
            return transition(await ask(screen)) { id in
                switch id {
                case "default":
                    self.exportDirectory = nil
                    return .next(.preflight)
                case "chosen":
                    self.exportDirectory = self.typedExport?.path
                    return .next(.preflight)
                default:
                    return .next(.exportTyping)
                }
            }
        case .exportTyping:
            let needed = SpaceRequirement(inventory: inventory).exportDirectoryBytes
            let answer = await ask(ExportScreen.typing(typedExport?.path ?? "", neededBytes: needed))
            guard case .typed(let text) = answer else { return simple(answer) }
            guard !text.isEmpty else { return .back }
            let place = judge(text)
            if let refusal = place.refusal {
                message = ScreenLine("Refused: \(text): \(refusal).", .bad)
                return .stay
            }
            typedExport = place
            exportDirectory = place.path
            return .replace(.preflight)
        case .preflight:
            guard let plan = await currentPlan() else { return .back }
            return transition(await ask(PreflightScreen.make(plan))) { id in
                switch id {
                case "next": return .next(.plan)
                case "save": return .next(.save)
                case "quit": return .quit
                default: return .back
                }
            }
        case .plan:
            guard let plan else { return .back }
            return transition(await ask(PlanScreen.make(plan))) { _ in .next(.save) }
        case .save:
            return await visitSave()
        case .saveTyping:
            let answer = await ask(SaveScreen.typing(savedPath ?? ""))
            guard case .typed(let text) = answer else { return simple(answer) }
            guard !text.isEmpty else { return .back }
            return save(to: text) ? .back : .stay
        case .confirm:
            guard let plan else { return .back }
            let screen = ConfirmScreen.make(plan, stateDirectory: hostRoot.resolve(plan.stateDirectory))
            let answer = await ask(screen)
            guard case .typed(let text) = answer else { return simple(answer) }
            if text == "yes" { return .run }
            message = ScreenLine(
                "Only the word yes starts the run; b goes back, q quits (nothing has changed).", .warning)
            return .stay
        }
    }

    private func visitSave() async -> Transition {
        guard let plan else { return .back }
        let screen = SaveScreen.make(
            defaultPath: defaultPlanPath(plan), saved: savedPath,
            runCopy: hostRoot.resolve(plan.stateDirectory) + "/" + MigrationSession.planCopyName)
        return transition(await ask(screen)) { id in
            switch id {
            case "default":
                _ = self.save(to: self.defaultPlanPath(plan))
                return .stay
            case "other":
                return .next(.saveTyping)
            default:
                // A blocked plan may be saved for its report, never run.
                return plan.blockers.isEmpty ? .next(.confirm) : .back
            }
        }
    }

    /// Asks, showing the message left by the last answer once.
    private func ask(_ screen: WizardScreen) async -> Answer {
        let shown = message
        message = nil
        return await display.ask(screen, message: shown)
    }

    private func transition(_ answer: Answer, _ chosen: (String) -> Transition) -> Transition {
        if case .chose(let id) = answer { return chosen(id) }
        return simple(answer)
    }

    private func simple(_ answer: Answer) -> Transition {
        switch answer {
        case .back: return .back
        case .quit: return .quit
        case .chose, .typed: return .stay
        }
    }

    private func busy(_ title: String, _ text: String) {
        display.show(WizardScreen(title: title, body: [ScreenLine(text)], canGoBack: false, footer: "Please wait."))
    }

    func judge(_ path: String) -> ExportPlace {
        guard let inventory else {
            return ExportPlace(
                path: path, freeBytes: nil, neededBytes: 0, refusal: "the host is not read yet", note: nil)
        }
        return ExportPlace.judge(
            path, hostRoot: hostRoot, dataRoot: inventory.docker.dataRoot,
            neededBytes: SpaceRequirement(inventory: inventory).exportDirectoryBytes,
            poolDataFile: inventory.pool?.dataFile?.path)
    }

    private func deviceOptions(_ inventory: HostInventory) async -> [DeviceOption] {
        if let devices { return devices }
        busy("Looking at the disks", "Looking at the disks: size, model, partitions, mounts, signatures, LVM...")
        let reports = await BlockDeviceInspector(hostRoot: hostRoot).candidates()
        let options = reports.map {
            DeviceOption(
                report: $0, requiredBytes: inventory.totals.uniqueLayerBytes, forceDevice: configuration.forceDevice,
                settings: configuration.thinPool)
        }
        devices = options
        return options
    }

    /// The plan for the answers given so far, made again only when an answer changed.
    private func currentPlan() async -> MigrationPlan? {
        let inputs = "\(target.rawValue)|\(device ?? "")|\(policy.rawValue)|\(exportDirectory ?? "")"
        if let plan, planInputs == inputs { return plan }
        busy("Making the plan", "Checking the host and making the plan (nothing changes yet)...")
        do {
            let storage = StorageSwitchOptions(
                targetKind: target, device: target == .directLVM ? device : nil,
                forceDevice: target == .directLVM && configuration.forceDevice,
                thinPool: configuration.thinPool, exportDirectory: exportDirectory,
                daemonControl: configuration.daemonControl, daemonLogPath: configuration.daemonLogPath,
                inventory: configuration.inventory)
            let options = MigrationOptions(
                storage: storage, playbook: try configuration.playbook(target.rawValue),
                exportDirectory: exportDirectory, containerPolicy: policy, onFailure: .rollback)
            plan = try await MigrationPlanner(options: options).plan()
            planInputs = inputs
            savedPath = nil
            return plan
        } catch {
            message = ScreenLine("The plan could not be made: \(error)", .bad)
            return nil
        }
    }

    func defaultPlanPath(_ plan: MigrationPlan) -> String {
        let directory = configuration.workingDirectory == "/" ? "" : configuration.workingDirectory
        return directory + "/drivershift-plan-\(plan.fingerprint.digest.prefix(12)).yaml"
    }

    /// Writes the plan as `drivershift plan -o` would; says so, or why not.
    private func save(to path: String) -> Bool {
        guard let plan else { return false }
        let location =
            path.hasPrefix("/") ? path : configuration.workingDirectory + "/" + path
        do {
            try PlanFile.write(plan, to: location)
            savedPath = location
            return true
        } catch {
            message = ScreenLine("Not saved: \(error)", .bad)
            return false
        }
    }

    private func quitOutcome() -> WizardOutcome {
        var lines = [ScreenLine("drivershift wizard: quit before the run; nothing on this host was changed.", .bold)]
        if let savedPath {
            lines.append("The plan is saved in \(savedPath): review it with `drivershift report \(savedPath)`,")
            lines.append("run it with `drivershift run --plan \(savedPath)`.")
        }
        return WizardOutcome(exitCode: 0, lines: lines)
    }
}
