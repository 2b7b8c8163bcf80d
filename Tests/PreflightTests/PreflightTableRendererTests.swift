import Testing

@testable import Preflight

/// The preflight as the CLI prints it: golden text, 80 columns.
@Suite struct PreflightTableRendererTests {
    static let checks = [
        PreflightCheck(
            id: "driver.already-target", title: "current storage driver", status: .ok,
            finding: "devicemapper (loop-lvm) now; the switch moves it to overlay2"),
        PreflightCheck(
            id: "containers.running", title: "running containers", status: .warning,
            finding: "1 container will be stopped when dockerd stops: web",
            remedy: "plan the downtime; they come back after the switch only as the plan's container policy says"),
        PreflightCheck(
            id: "space.export", title: "free space for the export", status: .blocker,
            finding: "/mnt/export (tmpfs at /mnt/export) has 1.05 MB free; the export of 3 images needs 66.8 MB",
            remedy: "free 65.7 MB there, or choose an export directory on a filesystem with 66.8 MB free"),
        PreflightCheck(
            id: "overlay.kernel", title: "overlay mounts on this kernel", status: .ok,
            finding: "a test overlay mount in /var/lib/docker (ext4) worked: a file written through it landed in "
                + "its upper directory"),
    ]

    @Test func goldenText() {
        let expected = """
            PREFLIGHT (2 ok, 1 warning, 1 blocker)

            BLOCKER  free space for the export [space.export]
                     /mnt/export (tmpfs at /mnt/export) has 1.05 MB free; the export of 3
                     images needs 66.8 MB
                     -> free 65.7 MB there, or choose an export directory on a filesystem
                        with 66.8 MB free
            WARNING  running containers [containers.running]
                     1 container will be stopped when dockerd stops: web
                     -> plan the downtime; they come back after the switch only as the
                        plan's container policy says
            OK       current storage driver [driver.already-target]
                     devicemapper (loop-lvm) now; the switch moves it to overlay2
            OK       overlay mounts on this kernel [overlay.kernel]
                     a test overlay mount in /var/lib/docker (ext4) worked: a file written
                     through it landed in its upper directory

            The switch cannot go ahead until this blocker is fixed: space.export.

            """
        let text = PreflightTableRenderer().render(Self.checks)
        #expect(text == expected)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func noBlockerSaysSoAndLongWordsAreNotCut() {
        let path = "/var/lib/" + String(repeating: "very-long-directory-name/", count: 4) + "docker"
        let text = PreflightTableRenderer().render([
            PreflightCheck(id: "space.target", title: "free space", status: .ok, finding: "\(path) has room")
        ])
        #expect(text.contains("\n         \(path)\n         has room\n"), "\(text)")
        #expect(text.hasSuffix("No blocker: the switch may go ahead.\n"))
    }

    @Test func summaryCounts() {
        let summary = PreflightSummary(Self.checks)
        #expect(summary.ok == 2 && summary.warnings == 1 && summary.blockers == 1)
        #expect(summary.blockerChecks.map(\.id) == ["space.export"])
        #expect(summary.worst == .blocker)
        #expect(!summary.mayProceed)
        #expect(summary.description == "2 ok, 1 warning, 1 blocker")
        #expect(PreflightSummary([]).mayProceed)
    }
}
