import Foundation
import Testing

@testable import FleetSummary

/// The Markdown and HTML views: one row per host, every host text escaped, the HTML self-contained.
struct FleetRendererTests {
    static let hostile = FleetHost(
        name: "edge|1 <b>", from: "devicemapper", to: "overlay2", images: 3, layerBytes: 1_500_000,
        verification: "not run", outcome: .failed,
        reason: "export failed: <script>alert('x')</script> | *stars* [link](http://x)\nsecond line & more")

    static let table = FleetTable(
        hosts: [
            FleetHost(
                name: "web-1", from: "devicemapper", to: "overlay2", images: 12, layerBytes: 82_888_192,
                downtimeSeconds: 94.6, verification: "verified", outcome: .migrated, reportLink: "web-1/report.html"),
            hostile,
            FleetHost(name: "web #3", verification: "-", outcome: .notRun, reason: "no report fetched"),
        ], generatedAt: "2026-11-30T08:00:00.000Z")

    @Test func markdownHasOneEscapedRowPerHost() {
        let markdown = FleetMarkdownRenderer().render(Self.table)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(rows.count == 4, "the header and three hosts:\n\(markdown)")
        for row in rows {
            // A cell's own | is escaped, so every row has exactly the columns' separators.
            let separators = row.enumerated().filter { index, character in
                character == "|" && (index == 0 || Array(row)[index - 1] != "\\")
            }
            #expect(separators.count == FleetMarkdownRenderer.columns.count + 1, "\(row)")
        }
        #expect(markdown.contains("| web-1 | devicemapper -> overlay2 | 12 | 82.9 MB | 1 min 35 s | verified |"))
        #expect(markdown.contains("edge\\|1 \\<b>"))
        #expect(markdown.contains("\\<script>alert('x')\\</script> \\| \\*stars\\* \\[link\\](http://x) second line"))
        #expect(markdown.contains("| **failed** |"), "problems stand out")
        #expect(markdown.contains("3 hosts: 1 migrated, 1 failed, 1 not run. The migrated host carried 12 image(s)"))
        #expect(!markdown.contains("\nsecond line"), "a newline in a reason stays in its cell")
    }

    @Test func htmlIsSelfContainedAndEscapesEveryHostText() {
        let html = FleetHTMLRenderer().render(Self.table)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for external in ["<script", "<link", "src=", "url(", "@import"] {
            #expect(!html.contains(external), "no \(external) in a self-contained page")
        }
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("edge|1 &lt;b&gt;"))
        #expect(html.contains("second line &amp; more"))
        #expect(html.contains("<a href=\"web-1/report.html\">web-1</a>"))
        #expect(html.contains("<td class=\"failed\">failed</td>"))
        #expect(html.contains("<td class=\"not-run\">not run</td>"))
        #expect(html.components(separatedBy: "<tr>").count - 1 == 4, "the header and three hosts")
    }

    @Test func aLongReasonIsCutInMarkdownAndFoldedInHTML() {
        let long = "verify-export failed: " + String(repeating: "blob <x> differs; ", count: 40)
        let table = FleetTable(
            hosts: [FleetHost(name: "db-9", outcome: .rolledBack, reason: long)], generatedAt: "now")
        let markdown = FleetMarkdownRenderer().render(table)
        let row = markdown.split(separator: "\n").first { $0.hasPrefix("| db-9 |") } ?? ""
        #expect(row.count < FleetFigures.reasonLimit + 150, "\(row)")
        #expect(row.hasSuffix("... (all of it in the host's report) |"), "\(row)")
        let html = FleetHTMLRenderer().render(table)
        #expect(html.contains("<details><summary>verify-export failed: blob &lt;x&gt; differs;"))
        #expect(html.contains(FleetHTMLRenderer().e(long) + "</details>"), "the whole reason, escaped")
        let short = FleetTable(hosts: [FleetHost(name: "db-8", outcome: .failed, reason: "exit 1")], generatedAt: "")
        #expect(!FleetHTMLRenderer().render(short).contains("<details>"))
    }

    @Test func reportLinksArePercentEncodedPerSegment() {
        let renderer = FleetHTMLRenderer()
        #expect(renderer.href("web #3/report.html") == "web%20%233/report.html")
        #expect(renderer.href("a?b/dry-run.html") == "a%3Fb/dry-run.html")
    }

    @Test func figures() {
        #expect(FleetFigures.bytes(nil) == "-")
        #expect(FleetFigures.bytes(999) == "999 B")
        #expect(FleetFigures.bytes(1_500_000) == "1.50 MB")
        #expect(FleetFigures.bytes(82_888_192) == "82.9 MB")
        #expect(FleetFigures.bytes(100_649_984) == "101 MB")
        #expect(FleetFigures.duration(4.6) == "5 s")
        #expect(FleetFigures.duration(3725) == "1 h 2 min")
        #expect(
            FleetFigures.downtime(FleetHost(name: "a", estimatedDowntimeSeconds: 67, outcome: .planned))
                == "~1 min 7 s (est.)")
        #expect(FleetFigures.downtime(FleetHost(name: "a", outcome: .notRun)) == "-")
        #expect(FleetFigures.route(FleetHost(name: "a", outcome: .notRun)) == "-")
    }
}
