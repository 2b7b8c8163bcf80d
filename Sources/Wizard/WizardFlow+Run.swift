import Foundation
import Migration
import StorageSwitch

/// The run itself, and the runs an earlier session left unfinished: resume or roll back.
extension WizardFlow {
    enum RunMode {
        case start
        case resume
        case rollback
    }

    /// After the yes: the host must still be what the plan saw, then the engine runs it.
    func runPlan() async -> WizardOutcome {
        guard let plan else { return ResultText.failure("there is no plan to run", hint: nil) }
        let session = MigrationSession(plan: plan)
        display.show(
            WizardScreen(
                title: "Running", body: ["Checking that the host has not changed since the plan was made..."],
                canGoBack: false, footer: "Please wait."))
        do {
            guard session.mayStart else { throw MigrationError.runInProgress(journal: session.journal.location) }
            try await session.checkFingerprint(planPath: savedPath ?? "the wizard's plan")
        } catch {
            return ResultText.failure("\(error)", hint: "Nothing was changed. Start the wizard again for a new plan.")
        }
        return await execute(session, mode: .start, savedPath: savedPath)
    }

    func execute(_ session: MigrationSession, mode: RunMode, savedPath: String?) async -> WizardOutcome {
        let plan = session.plan
        let verb = mode == .rollback ? "Rolling back" : mode == .resume ? "Resuming" : "Migrating"
        let title = "\(verb): \(plan.host.sourceDriver ?? "none") -> \(plan.target) on \(plan.host.hostname)"
        let observer = WizardObserver(
            model: ProgressModel(title: title, steps: plan.steps.map(\.name)), display: display)
        let runCopy = session.stateDirectory + "/" + MigrationSession.planCopyName
        let watcher = RunWatcher(
            display: display, observer: observer,
            farewell: "The journal keeps every finished step: continue with `drivershift resume --plan \(runCopy)` "
                + "(or start the wizard again), undo with `drivershift rollback --plan \(runCopy)`.")
        observer.redraw(force: true)
        watcher.start()
        let texts = ResultText(session: session, savedPath: savedPath)
        do {
            switch mode {
            case .start, .resume:
                let recap =
                    mode == .start
                    ? try await session.start(observer: observer) : try await session.resume(observer: observer)
                watcher.stop()
                return texts.finished(recap)
            case .rollback:
                try await session.rollback(observer: observer)
                watcher.stop()
                return texts.rolledBack()
            }
        } catch is CancellationError {
            watcher.stop()
            return texts.stopped()
        } catch {
            watcher.stop()
            return texts.broken(error)
        }
    }

    /// A run that started and neither finished nor was rolled back comes first: resume it or roll it back.
    func offerUnfinishedRun() async -> WizardOutcome? {
        let runs = MigrationSession.unfinishedRuns(
            hostRoot: hostRoot, stateRoot: StorageSwitchOptions.defaultStateDirectory)
        guard !runs.isEmpty else { return nil }
        var chosenPath = runs[0]
        if runs.count > 1 {
            let choices = runs.map { Choice(id: $0, label: $0) }
            let screen = WizardScreen(
                title: "Unfinished migrations",
                body: ["\(runs.count) migrations on this host were started and did not finish. Pick one."],
                question: .choice(prompt: "Which run?", choices: choices, initial: 0), canGoBack: false)
            guard case .chose(let path) = await display.ask(screen) else { return quitUnfinished(runs[0]) }
            chosenPath = path
        }
        let session: MigrationSession
        do {
            session = MigrationSession(plan: try PlanFile.read(chosenPath))
        } catch {
            return ResultText.failure("the unfinished run's plan cannot be read: \(error)", hint: nil)
        }
        var message: ScreenLine?
        while true {
            let screen = UnfinishedRunScreen.make(session, planPath: chosenPath)
            switch await display.ask(screen, message: message) {
            case .chose("resume"):
                return await execute(session, mode: .resume, savedPath: nil)
            case .chose("rollback"):
                let confirm = UnfinishedRunScreen.confirmRollback(session)
                switch await display.ask(confirm) {
                case .typed("yes"):
                    return await execute(session, mode: .rollback, savedPath: nil)
                case .quit:
                    return quitUnfinished(chosenPath)
                default:
                    message = ScreenLine("Not rolled back: only the word yes starts it.", .warning)
                }
            default:
                return quitUnfinished(chosenPath)
            }
        }
    }

    private func quitUnfinished(_ planPath: String) -> WizardOutcome {
        WizardOutcome(
            exitCode: 0,
            lines: [
                ScreenLine("drivershift wizard: quit; the unfinished migration was left as it is.", .bold),
                "Continue it: drivershift resume --plan \(planPath)   (or start the wizard again)",
                "Undo it:     drivershift rollback --plan \(planPath)",
            ])
    }
}
