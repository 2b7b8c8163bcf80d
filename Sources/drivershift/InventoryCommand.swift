import ArgumentParser
import Foundation
import Inventory

/// `drivershift inventory`: what is on this host's Docker storage, online or offline.
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Report the Docker version, storage driver and pool, images, containers and volumes.",
        discussion: """
            Asks the running daemon when it answers, and reads the data root from disk when it does not \
            (or with --offline), so it works on a host whose dockerd no longer starts. Exits 1 when it finds \
            errors (damaged metadata, missing layers, conflicting configuration), listed under PROBLEMS.
            The JSON schema is documented in docs/inventory-schema.md.
            """
    )

    @OptionGroup var host: HostOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        let inventory: HostInventory
        do {
            inventory = try await InventoryBuilder(
                options: InventoryOptions(
                    hostRoot: host.resolvedHostRoot, dataRoot: host.dataRoot, host: host.host, offline: host.offline,
                    timeoutSeconds: host.timeout)
            ).build()
        } catch {
            throw FailureReporter.fail(error)
        }
        switch format {
        case .table:
            print(InventoryTableRenderer().render(inventory), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(inventory)
            print(String(decoding: data, as: UTF8.self))
        }
        let errors = inventory.problems.filter { $0.severity == .error }.count
        if errors > 0 {
            FailureReporter.note("inventory found \(errors) error(s); see PROBLEMS")
            throw ExitCode.failure
        }
    }
}
