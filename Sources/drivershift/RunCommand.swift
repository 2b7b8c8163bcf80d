import ArgumentParser
import Foundation
import Migration

/// `drivershift run --plan FILE`: carry out a plan, exactly as shown, journaled step by step.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Carry out a migration plan: journaled, verified, rolled back by itself if a step fails.",
        discussion: """
            Refuses a plan of an unknown format and a plan whose host changed since it was made. Asks for the \
            word yes unless --yes. After a crash, power cut or Ctrl-C: `drivershift resume`. To undo: \
            `drivershift rollback`. Exit codes: 0 nothing to do, 2 changed, 1 failed.
            """
    )

    @Option(name: .customLong("plan"), help: ArgumentHelp("The plan file.", valueName: "file"))
    var planPath: String

    @Flag(help: "Do not ask for the word yes.")
    var yes = false

    @Option(help: "Progress: table (lines on stderr) or json (one event per line on stdout).")
    var format: OutputFormat = .table

    func run() async throws {
        let session: MigrationSession
        do {
            session = MigrationSession(plan: try PlanFile.read(planPath))
            guard session.mayStart else { throw MigrationError.runInProgress(journal: session.journal.location) }
            guard session.plan.blockers.isEmpty else {
                throw MigrationError.blocked(count: session.plan.blockers.count)
            }
            try await session.checkFingerprint(planPath: planPath)
        } catch {
            throw FailureReporter.fail(error)
        }
        let plan = session.plan
        FailureReporter.note(
            "plan \(planPath): \(plan.host.sourceDriver ?? "none") -> \(plan.target), \(plan.images.count) image(s), "
                + "\(plan.steps.count) steps, estimated downtime \(plan.estimate.downtimeSeconds) s")
        guard yes || Confirmation.ask("Type yes to run this plan on \(plan.host.hostname): ") else {
            FailureReporter.note("not confirmed; nothing was changed")
            throw ExitCode.failure
        }
        try await MigrationCommandSupport.finish {
            try await session.start(observer: MigrationCommandSupport.observer(format))
        }
    }
}

/// `drivershift resume`: continue an interrupted run from its last verified step.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted run (crash, power cut, Ctrl-C) from its last verified step."
    )

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp("The plan (default: the one unfinished run on this host).", valueName: "file"))
    var planPath: String?

    @Option(name: .customLong("host-root"), help: ArgumentHelp("Look for runs under this host root.", valueName: "dir"))
    var hostRoot: String?

    @Option(help: "Progress: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        let session: MigrationSession
        do {
            session = MigrationSession(
                plan: try PlanFile.read(try MigrationCommandSupport.planPath(planPath, hostRoot)))
        } catch {
            throw FailureReporter.fail(error)
        }
        try await MigrationCommandSupport.finish {
            try await session.resume(observer: MigrationCommandSupport.observer(format))
        }
    }
}

/// `drivershift rollback`: undo a run's steps in reverse and bring the old driver back with its images.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo a run: every completed step in reverse; the old driver comes back with its images."
    )

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp("The plan (default: the one unfinished run on this host).", valueName: "file"))
    var planPath: String?

    @Option(name: .customLong("host-root"), help: ArgumentHelp("Look for runs under this host root.", valueName: "dir"))
    var hostRoot: String?

    @Flag(help: "Do not ask for the word yes.")
    var yes = false

    @Option(help: "Progress: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        do {
            let session = MigrationSession(
                plan: try PlanFile.read(try MigrationCommandSupport.planPath(planPath, hostRoot)))
            guard yes || Confirmation.ask("Type yes to roll back the run in \(session.stateDirectory): ") else {
                FailureReporter.note("not confirmed; nothing was changed")
                throw ExitCode.failure
            }
            try await session.rollback(observer: MigrationCommandSupport.observer(format))
            FailureReporter.note("rolled back; dockerd runs with \(session.plan.host.sourceDriver ?? "its old driver")")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw FailureReporter.fail(error)
        }
        throw ExitCode(2)
    }
}

/// `drivershift cleanup --plan FILE`: free the old driver's state after a verified run.
struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Delete the old driver's set-aside state (the old pool) - only after a finished, verified run."
    )

    @Option(name: .customLong("plan"), help: ArgumentHelp("The plan of the finished run.", valueName: "file"))
    var planPath: String

    @Flag(help: "Do not ask for the word yes.")
    var yes = false

    func run() throws {
        do {
            let cleanup = MigrationCleanup(session: MigrationSession(plan: try PlanFile.read(planPath)))
            let (directory, bytes) = try cleanup.check()
            guard yes || Confirmation.ask("Delete \(directory) (\(bytes) bytes), the old driver's state? Type yes: ")
            else {
                FailureReporter.note("not confirmed; nothing was removed")
                throw ExitCode.failure
            }
            let freed = try cleanup.run()
            FailureReporter.note("removed \(directory): \(freed) bytes freed")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw FailureReporter.fail(error)
        }
        throw ExitCode(2)
    }
}
