import ArgumentParser

/// The `drivershift` command: moves a Docker host off the devicemapper storage driver, safely.
@main
struct DriverShift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drivershift",
        abstract: "Move a Docker host off the devicemapper storage driver, verified and resumable.",
        discussion: """
            Start with `drivershift inventory`: what is on this host, where its configuration comes from, \
            and what a migration would have to carry.
            """,
        version: "0.1.0",
        subcommands: [
            InventoryCommand.self, ExportCommand.self, VerifyCommand.self, SwitchCommand.self, PlanCommand.self,
            ReportCommand.self, RunCommand.self, ResumeCommand.self, RollbackCommand.self, CleanupCommand.self,
            WizardCommand.self, FleetSummaryCommand.self,
        ]
    )
}
