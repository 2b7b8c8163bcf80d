import ArgumentParser
import FleetSummary
import Foundation

/// `drivershift fleet-summary DIR`: one table of a fleet rollout, from the reports the Ansible playbook fetched.
struct FleetSummaryCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md
        case html
    }

    static let configuration = CommandConfiguration(
        commandName: "fleet-summary",
        abstract: "One table of a fleet rollout: host, from -> to, images, bytes, downtime, verification, outcome.",
        discussion: """
            Reads DIR/<host>/dry-run.json, report.json and the playbook's notes, as playbooks/fleet fetches them. \
            Hosts named with --hosts that have no reports are listed as not run (the rollout stopped before them).
            """
    )

    @Argument(help: ArgumentHelp("The directory the fleet playbook fetched the reports into.", valueName: "dir"))
    var directory: String

    @Option(help: "md or html.")
    var format: Format = .md

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Write here instead of stdout.", valueName: "file"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "The play's hosts in inventory order, separated by commas; hosts without reports show as not run.",
            valueName: "names"))
    var hosts: String?

    func run() throws {
        do {
            let expected = (hosts ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let table = try FleetTableReader(directory: directory, expectedHosts: expected).read()
            let text =
                format == .md ? FleetMarkdownRenderer().render(table) : FleetHTMLRenderer().render(table)
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                FailureReporter.note("fleet summary written to \(output): \(table.headline)")
            } else {
                print(text, terminator: "")
            }
        } catch {
            throw FailureReporter.fail(error)
        }
    }
}
