/// The preflight for people, as plain text that fits 80 columns: blockers first, then warnings, then the
/// checks that passed; each with its finding and, where something is to be done, the remedy.
public struct PreflightTableRenderer: Sendable {
    public var width: Int

    public init(width: Int = 80) {
        self.width = width
    }

    static let statusColumn = 9
    static let remedyMarker = "-> "

    public func render(_ checks: [PreflightCheck]) -> String {
        let summary = PreflightSummary(checks)
        var lines = ["PREFLIGHT (\(summary))", ""]
        let ordered = checks.enumerated().sorted { ($1.element.status, $0.offset) < ($0.element.status, $1.offset) }
        for (_, check) in ordered {
            lines.append(contentsOf: render(check))
        }
        if !checks.isEmpty { lines.append("") }
        lines.append(contentsOf: wrap(verdict(summary), indent: "", firstPrefix: ""))
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ check: PreflightCheck) -> [String] {
        let indent = String(repeating: " ", count: Self.statusColumn)
        let status = check.status.rawValue.uppercased()
        let label = status + String(repeating: " ", count: max(1, Self.statusColumn - status.count))
        var lines = wrap("\(check.title) [\(check.id)]", indent: indent, firstPrefix: label)
        lines += wrap(check.finding, indent: indent, firstPrefix: indent)
        if let remedy = check.remedy {
            let remedyIndent = indent + String(repeating: " ", count: Self.remedyMarker.count)
            lines += wrap(remedy, indent: remedyIndent, firstPrefix: indent + Self.remedyMarker)
        }
        return lines
    }

    private func verdict(_ summary: PreflightSummary) -> String {
        if !summary.mayProceed {
            let ids = summary.blockerChecks.map(\.id).joined(separator: ", ")
            return
                "The switch cannot go ahead until \(summary.blockers == 1 ? "this blocker is" : "these blockers are") "
                + "fixed: \(ids)."
        }
        if summary.warnings > 0 { return "No blocker: the switch may go ahead once the warnings are accepted." }
        return "No blocker: the switch may go ahead."
    }

    /// Greedy word wrap: the first line starts with `firstPrefix`, the rest with `indent`. A word longer than
    /// the line (a long path) gets a line of its own rather than being cut.
    private func wrap(_ text: String, indent: String, firstPrefix: String) -> [String] {
        var lines: [String] = []
        var current = firstPrefix
        var currentHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if currentHasWord && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                currentHasWord = false
            }
            current += (currentHasWord ? " " : "") + word
            currentHasWord = true
        }
        lines.append(current)
        return lines
    }
}
