import ArgumentParser
import Foundation
import Migration

/// `drivershift plan`: resolve a playbook against this host into a reviewable plan file.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write a migration plan for this host (YAML): every step, file change, command and risk.",
        discussion: """
            Reads only; nothing on the host changes. Review the plan with `drivershift report PLAN --format \
            html`, then carry it out with `drivershift run --plan PLAN`. Exits 1 when preflight finds blockers \
            (the plan is still written, so the report shows them).
            """
    )

    @OptionGroup var host: HostOptions
    @OptionGroup var daemon: DaemonControlOptions
    @OptionGroup var targetOptions: TargetOptions

    @Option(
        name: .customLong("containers"),
        help: ArgumentHelp("What to do with containers: recreate, commit-only or skip.", valueName: "policy"))
    var containerPolicy: String = ContainerPolicy.recreate.rawValue

    @Option(
        name: .customLong("on-failure"),
        help: ArgumentHelp(
            "When a step fails: rollback (undo everything) or stop (leave it for a person).", valueName: "policy"))
    var onFailure: String = FailurePolicy.rollback.rawValue

    @Option(help: ArgumentHelp("A playbook file instead of the one named after --to.", valueName: "file"))
    var playbook: String?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("The plan file to write.", valueName: "file"))
    var output: String

    func validate() throws {
        try targetOptions.check(required: playbook == nil)
        guard ContainerPolicy(rawValue: containerPolicy) != nil else {
            throw ValidationError("--containers must be recreate, commit-only or skip, not \(containerPolicy)")
        }
        guard FailurePolicy(rawValue: onFailure) != nil else {
            throw ValidationError("--on-failure must be rollback or stop, not \(onFailure)")
        }
    }

    func run() async throws {
        let plan: MigrationPlan
        do {
            let book =
                try playbook.map(Playbook.load(path:)) ?? Playbook.load(named: targetOptions.target ?? "overlay2")
            var targets = targetOptions
            if targets.target == nil { targets.target = book.target }
            guard targets.target == book.target else {
                throw ValidationError("the playbook \(book.name) moves to \(book.target), not \(targets.target ?? "")")
            }
            plan = try await MigrationPlanner(
                options: MigrationOptions(
                    storage: try targets.storageOptions(host: host, daemon: daemon), playbook: book,
                    exportDirectory: targetOptions.exportDirectory,
                    containerPolicy: ContainerPolicy(rawValue: containerPolicy) ?? .recreate,
                    onFailure: FailurePolicy(rawValue: onFailure) ?? .rollback)
            ).plan()
            try PlanFile.write(plan, to: output)
        } catch let validation as ValidationError {
            throw validation
        } catch {
            throw FailureReporter.fail(error)
        }
        let summary = MigrationReport(plan: plan, recap: nil).summary
        print(
            "plan written to \(output): \(summary.from) -> \(summary.to), \(summary.images) image(s), "
                + "\(summary.containersCarried) container(s), \(plan.steps.count) steps, "
                + "\(summary.blockers) blocker(s), \(summary.warnings) warning(s)")
        print("review: drivershift report \(output) --format html -o report.html")
        print("run:    drivershift run --plan \(output)")
        if summary.blockers > 0 {
            for blocker in plan.blockers { FailureReporter.note("blocker: \(blocker.title): \(blocker.finding)") }
            throw ExitCode.failure
        }
    }
}
