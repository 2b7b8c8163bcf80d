import Foundation
import HostSystem
import Testing

@testable import Migration

/// The reports are views of one plan: what the host says is data, never markup.
@Suite struct ReportRenderingTests {
    static func hostilePlan() throws -> MigrationPlan {
        var plan = try JSONDecoder().decode(MigrationPlan.self, from: Data(Self.planJSON.utf8))
        plan.fileEdits = [
            PlannedFileEdit(
                path: "/etc/docker/daemon.json", before: "{\"storage-driver\": \"devicemapper\"}\n",
                after: "{\"storage-driver\": \"overlay2\"}\n", reason: "storage-driver devicemapper -> overlay2")
        ]
        return plan
    }

    @Test func htmlEscapesEverythingFromTheHost() throws {
        let html = HTMLReportRenderer().render(MigrationReport(plan: try Self.hostilePlan(), recap: nil))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<span class=\"del\">-{&quot;storage-driver&quot;: &quot;devicemapper&quot;}</span>"))
        #expect(!html.contains("<link") && !html.contains(" src="), "one self-contained file")
    }

    @Test func markdownShowsTheDiffAndWhatIsNotCarried() throws {
        let markdown = MarkdownReportRenderer().render(MigrationReport(plan: try Self.hostilePlan(), recap: nil))
        #expect(markdown.contains("```diff\n--- a/etc/docker/daemon.json\n+++ b/etc/docker/daemon.json\n"))
        #expect(markdown.contains("- container **old**: the container policy is skip"))
        #expect(markdown.contains("Outcome: **planned** (dry run: nothing has changed yet)"))
    }

    @Test func jsonSummaryCarriesTheFleetFigures() throws {
        let report = MigrationReport(plan: try Self.hostilePlan(), recap: nil)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["from"] as? String == "devicemapper")
        #expect(summary["to"] as? String == "overlay2")
        #expect(summary["images"] as? Int == 1)
        #expect(summary["verification"] as? String == "not run")
    }

    static let planJSON = """
        {"formatVersion":1,"createdAt":"2026-11-30T00:00:00Z","drivershiftVersion":"0.1.0","playbook":"overlay2",
         "host":{"hostRoot":"/","hostname":"<script>alert(1)</script>","socket":"/var/run/docker.sock",
          "dataRoot":"/var/lib/docker","sourceDriver":"devicemapper","configFile":"/etc/docker/daemon.json",
          "daemonWasRunning":true},
         "fingerprint":{"storageDriver":"devicemapper","dataRoot":"/var/lib/docker","daemonJSON":"absent",
          "imageIDs":[],"containerIDs":[],"digest":"abc"},
         "target":{"overlay2":{}},"forceDevice":false,"exportDirectory":"/var/lib/drivershift/export-abc",
         "stateDirectory":"/var/lib/drivershift/runs/abc","daemonControl":{"systemd":{}},
         "containerPolicy":"recreate","onFailure":"rollback",
         "images":[{"id":"sha256:1111","tags":["a<b>:1"],"repoDigests":[],"diffIDs":["sha256:2222"],"bytes":10}],
         "containers":[],"volumes":[],
         "notCarried":[{"kind":"container","name":"old","reason":"the container policy is skip"}],
         "preflight":[{"id":"x","title":"t","status":"ok","finding":"f"}],"space":[],"fileEdits":[],
         "steps":[{"name":"write-config","parameters":{},"summary":"s","commands":[],"duringDowntime":true}],
         "estimate":{"totalSeconds":1,"downtimeSeconds":1,"basis":"b"}}
        """
}
