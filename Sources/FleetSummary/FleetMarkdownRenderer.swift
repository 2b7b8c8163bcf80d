/// The fleet summary as Markdown: for the change ticket or the chat channel of the rollout.
public struct FleetMarkdownRenderer: Sendable {
    public init() {}

    static let columns = ["Host", "From -> to", "Images", "Bytes", "Downtime", "Verification", "Outcome", "Reason"]

    public func render(_ table: FleetTable) -> String {
        var out = "# drivershift fleet summary\n\n" + cell(table.headline) + "." + table.carriedSentence + "\n\n"
        out += "| " + Self.columns.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: Self.columns.count) + "\n"
        for host in table.hosts {
            let outcome = host.outcome.isProblem ? "**\(host.outcome.rawValue)**" : host.outcome.rawValue
            let cells = [
                cell(host.name), cell(FleetFigures.route(host)), FleetFigures.images(host),
                FleetFigures.bytes(host.layerBytes), FleetFigures.downtime(host), cell(host.verification), outcome,
                reason(host),
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        out += "\nGenerated \(table.generatedAt). Each host's reports are in its directory beside this file.\n"
        return out
    }

    func reason(_ host: FleetHost) -> String {
        let (text, cut) = FleetFigures.shortReason(host.reason)
        return cell(text) + (cut ? " (all of it in the host's report)" : "")
    }

    /// Text from hosts is data: characters that would end a cell or start markup are escaped (`_` and `>`
    /// start nothing inside a word or a table cell, so paths and arrows stay readable).
    func cell(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\n", "\r", "\t": escaped += " "
            case "\\", "|", "<", "`", "*", "[", "]": escaped += "\\" + String(character)
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
