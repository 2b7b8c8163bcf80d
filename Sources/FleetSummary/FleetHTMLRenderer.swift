import Foundation
import Migration

/// The fleet summary as one self-contained HTML page (inline style, no scripts, no external files), linking
/// each host's own report beside it. Every text from a host is escaped.
public struct FleetHTMLRenderer: Sendable {
    public init() {}

    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
        h1{font-size:1.5em}table{border-collapse:collapse;width:100%;margin:.5em 0}
        td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
        td.num{text-align:right;white-space:nowrap}.migrated,.unchanged{color:#116329}
        .planned,.not-run{color:#57606a}.blocked,.failed,.rolled-back,.mismatch{color:#cf222e;font-weight:bold}
        """

    public func render(_ table: FleetTable) -> String {
        var body = "<h1>drivershift fleet summary</h1>\n"
        body += "<p>\(e(table.headline)).\(e(table.carriedSentence))</p>\n<table>\n<tr>"
        body += FleetMarkdownRenderer.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for host in table.hosts {
            let name = host.reportLink.map { "<a href=\"\(e(href($0)))\">\(e(host.name))</a>" } ?? e(host.name)
            let outcomeClass = host.outcome.rawValue.replacingOccurrences(of: " ", with: "-")
            body += "<tr><td>\(name)</td><td>\(e(FleetFigures.route(host)))</td>"
            body += "<td class=\"num\">\(e(FleetFigures.images(host)))</td>"
            body += "<td class=\"num\">\(e(FleetFigures.bytes(host.layerBytes)))</td>"
            body += "<td class=\"num\">\(e(FleetFigures.downtime(host)))</td>"
            body += "<td class=\"\(e(host.verification))\">\(e(host.verification))</td>"
            body += "<td class=\"\(outcomeClass)\">\(e(host.outcome.rawValue))</td>"
            body += "<td>\(reason(host))</td></tr>\n"
        }
        body += "</table>\n<p><small>Generated \(e(table.generatedAt)). Each host's reports are in its directory "
        body += "beside this file.</small></p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>drivershift fleet summary</title>
            <style>\(Self.style)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// A long reason folds: its start shows, the rest opens on a click (no script needed).
    func reason(_ host: FleetHost) -> String {
        let (text, cut) = FleetFigures.shortReason(host.reason)
        guard cut, let full = host.reason else { return e(text) }
        return "<details><summary>\(e(text))</summary>\(e(full))</details>"
    }

    /// A relative link to a host's report: each path segment percent-encoded, so `#` or `?` in a host name
    /// stays part of the file name.
    func href(_ relativePath: String) -> String {
        relativePath.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            String(segment).addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
                ?? String(segment)
        }.joined(separator: "/")
    }

    func e(_ text: String) -> String { HTMLText.escape(text) }
}
