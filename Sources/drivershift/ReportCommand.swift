import ArgumentParser
import Foundation
import Migration

/// `drivershift report PLAN`: the dry-run report of a plan, in Markdown, HTML or JSON.
struct ReportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md
        case html
        case json
    }

    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a plan as a dry-run report: summary, preflight, space, steps with diffs, what is not carried."
    )

    @Argument(help: ArgumentHelp("The plan file (from `drivershift plan`).", valueName: "plan"))
    var planPath: String

    @Option(help: "md, html or json.")
    var format: Format = .md

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Write here instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let text: String
        do {
            let report = MigrationReport(plan: try PlanFile.read(planPath), recap: nil)
            switch format {
            case .md: text = MarkdownReportRenderer().render(report)
            case .html: text = HTMLReportRenderer().render(report)
            case .json: text = try report.json()
            }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                FailureReporter.note("report written to \(output)")
            } else {
                print(text, terminator: "")
            }
        } catch {
            throw FailureReporter.fail(error)
        }
    }
}
