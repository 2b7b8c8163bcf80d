import HostConfig
import Inventory
import Testing

@testable import Preflight

/// Checks that only read the inventory, on inventories built in the test.
@Suite struct InventoryCheckTests {
    // MARK: pool.state

    @Test(arguments: [
        ("rw", false, PreflightCheck.Status.ok, "is in rw mode (data 2.00 GB used of 107 GB)"),
        ("ro", false, .warning, "is read-only (data 2.00 GB used of 107 GB): the daemon cannot be trusted"),
        ("out_of_data_space", false, .warning, "is out of data space"),
        ("Fail", false, .blocker, "is in Fail mode"),
        ("Error", false, .blocker, "is in Error mode"),
        ("rw", true, .warning, "is flagged needs_check"),
    ])
    func poolStates(health: String, needsCheck: Bool, status: PreflightCheck.Status, finding: String) {
        let pool = PreflightFixtures.pool(health: health, needsCheck: needsCheck)
        let check = PoolStateCheck(pool: pool, storageDriver: "devicemapper").check()
        #expect(check.id == "pool.state")
        #expect(check.status == status)
        #expect(check.finding.contains(finding), "\(check.finding)")
        #expect(check.finding.hasPrefix("docker-8:1-1234-pool "))
        if health == "ro" || health == "out_of_data_space" {
            #expect(check.remedy?.contains("--source disk") == true)
        }
        if needsCheck || health == "Fail" {
            #expect(check.remedy?.contains("thin_check") == true)
        }
    }

    @Test func readOnlyAndNeedsCheckNamesBoth() {
        let check = PoolStateCheck(
            pool: PreflightFixtures.pool(health: "ro", needsCheck: true), storageDriver: "devicemapper"
        ).check()
        #expect(check.status == .warning)
        #expect(check.finding.contains("read-only"))
        #expect(check.finding.contains("needs_check"))
        #expect(check.finding.contains("thin_check"))
    }

    @Test func unknownPoolStateIsAWarningAndNoPoolIsOK() {
        let unknown = PoolStateCheck(
            pool: PreflightFixtures.pool(health: nil, liveStatusUnavailable: "this kernel has no device-mapper"),
            storageDriver: "devicemapper"
        ).check()
        #expect(unknown.status == .warning)
        #expect(unknown.finding.contains("this kernel has no device-mapper"))
        let none = PoolStateCheck(pool: nil, storageDriver: "overlay2").check()
        #expect(none.status == .ok)
        #expect(none.finding == "overlay2 uses no devicemapper pool")
    }

    // MARK: containers and images

    @Test func runningContainersAreNamed() {
        let inventory = PreflightFixtures.inventory(containers: [
            PreflightFixtures.container("web", state: "running", writableBytes: 0),
            PreflightFixtures.container("batch", state: "exited", writableBytes: 0),
            PreflightFixtures.container("frozen", state: "paused", writableBytes: 0),
        ])
        let check = WorkloadChecks(inventory: inventory).runningCheck()
        #expect(check.status == .warning)
        #expect(check.finding == "2 containers will be stopped when dockerd stops: web, frozen (paused)")
        let idle = WorkloadChecks(inventory: PreflightFixtures.inventory()).runningCheck()
        #expect(idle.status == .ok)
    }

    @Test func writableLayersWithChangesOrUnknownSizeAreNamed() {
        let inventory = PreflightFixtures.inventory(containers: [
            PreflightFixtures.container("db", state: "exited", writableBytes: 12_000_000, driver: "overlay2"),
            PreflightFixtures.container("clean", state: "exited", writableBytes: 0),
            PreflightFixtures.container("old", state: "exited", writableBytes: nil),
        ])
        let check = WorkloadChecks(inventory: inventory).writableDataCheck()
        #expect(check.status == .warning)
        #expect(
            check.finding
                == "1 container holds changes: db (12.0 MB); for 1 container the size could not be measured: old")
        // devicemapper's figure is pool blocks written since creation (mounting alone writes some), not changes.
        let thin = PreflightFixtures.inventory(containers: [
            PreflightFixtures.container("web", state: "exited", writableBytes: 2_621_440)
        ])
        let thinCheck = WorkloadChecks(inventory: thin).writableDataCheck()
        #expect(thinCheck.status == .warning)
        #expect(
            thinCheck.finding
                == "1 devicemapper container wrote pool blocks since it was created (changes, or only its mounts, "
                + "which write a few MB; devicemapper cannot tell without mounting it): web (2.62 MB)")
        #expect(check.remedy?.contains("committed to an image or lost") == true)
        let clean = PreflightFixtures.inventory(containers: [
            PreflightFixtures.container("clean", state: "exited", writableBytes: 0)
        ])
        #expect(WorkloadChecks(inventory: clean).writableDataCheck().status == .ok)
    }

    @Test func imagesTheInventoryCouldNotReadAreNamed() throws {
        var inventory = PreflightFixtures.inventory(images: [
            try PreflightFixtures.image(tag: "good:1", idHex: "a", layers: [("1", 100, "c1")]),
            try PreflightFixtures.image(tag: "broken:1", idHex: "b", layers: [("1", 100, "c1"), ("2", nil, nil)]),
            try PreflightFixtures.image(tag: "nosplit:1", idHex: "c", layers: [("3", nil, "c3")]),
        ])
        inventory.problems.append(
            .init(
                severity: .error, code: "corrupt-image", subject: "sha256:" + String(repeating: "d", count: 64),
                message: "image dddddddddddd cannot be read"))
        let check = WorkloadChecks(inventory: inventory).unexportableCheck()
        #expect(check.status == .warning)
        #expect(check.finding.hasPrefix("3 images cannot be carried: "), "\(check.finding)")
        #expect(check.finding.contains("broken:1 (layer 222222222222 is missing from layerdb)"))
        #expect(check.finding.contains("nosplit:1 (layer 333333333333 has no readable tar-split)"))
        #expect(check.finding.contains("sha256:dddd"))
        #expect(!check.finding.contains("good:1"))

        let fine = PreflightFixtures.inventory(images: [
            try PreflightFixtures.image(tag: "good:1", idHex: "a", layers: [("1", 100, "c1")])
        ])
        #expect(WorkloadChecks(inventory: fine).unexportableCheck().status == .ok)
    }

    // MARK: driver.already-target

    @Test func alreadyOnTargetSaysNothingToDoAndTheRunnerStops() async {
        let inventory = PreflightFixtures.inventory(driver: "overlay2")
        let context = PreflightContext(
            inventory: inventory, configuration: PreflightFixtures.configuration(storageDriver: "overlay2"),
            hostRoot: .live, target: .overlay2)
        let checks = await PreflightRunner.run(context)
        #expect(checks.map(\.id) == ["driver.already-target", "config.conflict"])
        #expect(checks.first?.finding == "already on overlay2: nothing to do")
        #expect(checks.allSatisfy { $0.status == .ok })
    }

    @Test func directLVMIsAlreadyTheTargetOnlyOnTheSamePool() {
        let device = "/dev/mapper/docker-thinpool"
        let inventory = PreflightFixtures.inventory(driver: "devicemapper")
        let pinned = PreflightFixtures.configuration(
            storageDriver: "devicemapper", storageOptions: ["dm.thinpooldev=\(device)"])
        #expect(
            DriverTargetCheck.isAlreadyOnTarget(
                inventory: inventory, configuration: pinned, target: .directLVM(thinPoolDevice: device)))
        let loop = DriverTargetCheck.check(
            inventory: PreflightFixtures.inventory(pool: PreflightFixtures.pool(health: "rw")),
            configuration: PreflightFixtures.configuration(), target: .directLVM(thinPoolDevice: device))
        #expect(loop.status == .ok)
        #expect(loop.finding == "devicemapper (loop-lvm) now; the switch moves it to direct-lvm (\(device))")
    }

    // MARK: docker.version

    @Test(arguments: [
        ("20.10.24+dfsg1", "devicemapper", PreflightCheck.Status.ok, "still has the devicemapper driver"),
        ("1.13.1", "devicemapper", .warning, "only from Docker 17.06"),
        ("1.10.3", "devicemapper", .blocker, "predates overlay2"),
        ("25.0.3", "devicemapper", .warning, "only the disk source can export"),
        ("26.1.0", "overlay2", .ok, "runs overlay2"),
    ])
    func dockerVersionsForOverlay2(version: String, source: String, status: PreflightCheck.Status, finding: String)
        async
    {
        let check = await DockerVersionCheck().check(
            inventoryVersion: version, versionSource: "daemon", dockerdPath: nil, sourceDriver: source,
            target: .overlay2)
        #expect(check.id == "docker.version")
        #expect(check.status == status)
        #expect(check.finding.contains(finding), "\(check.finding)")
    }

    @Test func dockerWithoutDeviceMapperCannotRunDirectLVM() async {
        let check = await DockerVersionCheck().check(
            inventoryVersion: "25.0.3", versionSource: "daemon", dockerdPath: nil, sourceDriver: "devicemapper",
            target: .directLVM(thinPoolDevice: "/dev/mapper/docker-thinpool"))
        #expect(check.status == .blocker)
        #expect(check.finding.contains("no devicemapper driver"))
    }

    /// The installed dockerd answers when the inventory has no version.
    @Test func dockerdBinaryIsAskedWhenTheInventoryHasNoVersion() async throws {
        try ScratchPaths.require("/usr/sbin/dockerd")
        let check = await DockerVersionCheck().check(
            inventoryVersion: nil, versionSource: nil, dockerdPath: "/usr/sbin/dockerd", sourceDriver: "devicemapper",
            target: .overlay2)
        #expect(check.status == .ok, "\(check.finding)")
        #expect(check.finding.hasPrefix("Docker 20.10"), "\(check.finding)")
        #expect(check.finding.contains("(from binary /usr/sbin/dockerd)"))
        let unknown = await DockerVersionCheck().check(
            inventoryVersion: nil, versionSource: nil, dockerdPath: "/nonexistent/dockerd", sourceDriver: nil,
            target: .overlay2)
        #expect(unknown.status == .warning)
        #expect(unknown.finding.contains("/nonexistent/dockerd"), "\(unknown.finding)")
    }

    @Test func dockerVersionsParse() {
        #expect(DockerVersion("17.06.2-ce") == DockerVersion(major: 17, minor: 6, patch: 2))
        #expect(DockerVersion("20.10.24+dfsg1") == DockerVersion(major: 20, minor: 10, patch: 24))
        #expect(DockerVersion("1.13") == DockerVersion(major: 1, minor: 13))
        #expect(DockerVersion("dev") == nil)
        #expect(DockerVersion(major: 1, minor: 12) < DockerVersion(major: 1, minor: 13, patch: 1))
    }
}
