import Testing

@testable import Wizard

/// The first screen in plain words: the pool's fullness as a bar that reads without colour, its health, what
/// would be carried, and the problems found.
struct HostSummaryScreenTests {
    @Test func aFullLoopLVMPoolWithProblems() {
        let pool = HostFacts.Pool(
            mode: "loop-lvm", name: "docker-8:1-1234-pool", dataUsed: 97_370_000_000, dataTotal: 107_000_000_000,
            metadataUsed: 170_000_000, metadataTotal: 2_100_000_000, health: "out_of_data_space", needsCheck: false,
            unavailable: nil, dataFile: "/var/lib/docker/devicemapper/devicemapper/data")
        let facts = HostFacts(
            dockerVersion: "1.13.1", daemonRunning: true, dataRoot: "/var/lib/docker", driver: "devicemapper",
            pool: pool, images: 12, taggedImages: 9, layers: 40, exportBytes: 3_400_000_000, containers: 5,
            runningContainers: 3, changedContainers: 2, volumes: 4, volumeBytes: 120_000,
            problems: [
                .init(isError: true, subject: "layer sha256:ab", message: "its tar-split is missing"),
                .init(isError: false, subject: "layer sha256:cd", message: "an orphan layer"),
            ])
        let screen = HostSummaryScreen.make(facts, host: "web-7")
        #expect(
            screen.body.map(\.text) == [
                "This host: web-7",
                "Docker 1.13.1, storage driver devicemapper, data in /var/lib/docker",
                "dockerd is running and answered.",
                "",
                "Pool:       loop-lvm thin pool docker-8:1-1234-pool",
                "  data      [##################--]  91% of 107 GB used",
                "  metadata  [##------------------]   8% of 2.10 GB used",
                "  health    FULL: out of data space; containers cannot write",
                "",
                "Images:     12 (9 tagged, 3 untagged), 40 distinct layers, 3.40 GB to export",
                "Containers: 5 (3 running), 2 with changes in the writable layer",
                "Volumes:    4 (120 kB); they stay where they are",
                "",
                "Problems:   1 that lose data unless you act, 1 worth knowing",
                "  ERROR layer sha256:ab: its tar-split is missing",
                "  note  layer sha256:cd: an orphan layer",
            ])
        #expect(!screen.canGoBack)
        #expect(screen.body[5].spans[1] == ScreenLine.Span(String(repeating: "#", count: 18), .bad))
    }

    @Test func noPoolAndAnUnreadablePool() {
        let facts = HostFacts(dockerVersion: nil, daemonRunning: false, dataRoot: "/srv/docker", driver: "vfs")
        let lines = HostSummaryScreen.make(facts, host: "h").body.map(\.text)
        #expect(lines.contains("Pool:       none: vfs keeps no devicemapper thin pool"))
        #expect(lines.contains("dockerd is not answering. Everything was read from disk."))
        #expect(lines.contains("Problems:   none found"))
        let unknown = HostFacts.Pool(
            mode: "direct-lvm", name: nil, dataUsed: nil, dataTotal: nil, metadataUsed: nil, metadataTotal: nil,
            health: nil, needsCheck: false, unavailable: "this kernel has no device-mapper", dataFile: nil)
        #expect(HostSummaryScreen.bar("  data      ", used: nil, total: nil).text == "  data      usage unknown")
        #expect(HostSummaryScreen.health(unknown).text == "unknown (this kernel has no device-mapper)")
    }
}
