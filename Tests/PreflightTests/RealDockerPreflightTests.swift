import DriverShiftTestSupport
import Foundation
import HostSystem
import Inventory
import Sandbox
import Testing

@testable import Preflight

/// The whole preflight against a real dockerd 20.10 sandbox (vfs) with the sample images and one running
/// container, switching to overlay2: every check runs for real on this machine.
@Suite(.serialized) struct RealDockerPreflightTests {
    static let runningName = "drivershift-preflight-running"

    @Test func runningContainerIsNamedAndTheRestPasses() async throws {
        let sandbox = try await DockerSandbox.start(driver: "vfs")
        let export = try DriverShiftBinary.temporaryDirectory("preflight-export")
        do {
            try await check(sandbox: sandbox, exportDirectory: export + "/store")
        } catch {
            try? await sandbox.remove()
            await ScratchPaths.remove(export)
            throw error
        }
        try await sandbox.remove()
        await ScratchPaths.remove(export)
        DriverShiftBinary.recordEvidence("real-dockerd-preflight")
    }

    private func check(sandbox: DockerSandbox, exportDirectory: String) async throws {
        _ = try await SampleImages.build(in: sandbox)
        try await sandbox.docker([
            "run", "--detach", "--name", Self.runningName, "--network", "none", SampleImages.baseReference,
            "sleep", "600",
        ])
        let inventory = try await InventoryBuilder(
            options: InventoryOptions(hostRoot: sandbox.hostRoot, host: sandbox.hostURL)
        ).build()
        let context = PreflightContext(
            inventory: inventory, configuration: inventory.docker.configuration, hostRoot: sandbox.hostRoot,
            target: .overlay2, exportDirectory: exportDirectory)
        let checks = await PreflightRunner.run(context)
        let byID = Dictionary(uniqueKeysWithValues: checks.map { ($0.id, $0) })

        #expect(
            checks.map(\.id) == [
                "driver.already-target", "config.conflict", "docker.version", "overlay.kernel", "overlay.d-type",
                "selinux", "space.export", "space.target", "pool.state", "images.unexportable",
                "containers.running", "containers.writable-data",
            ])
        let running = try #require(byID["containers.running"])
        #expect(running.status == .warning)
        #expect(running.finding == "1 container will be stopped when dockerd stops: \(Self.runningName)")

        let writable = try #require(byID["containers.writable-data"])
        #expect(writable.status == .warning)
        #expect(writable.finding.contains(SampleImages.dirtyContainerName), "\(writable.finding)")
        #expect(!writable.finding.contains(SampleImages.cleanContainerName), "\(writable.finding)")

        #expect(byID["driver.already-target"]?.finding == "vfs now; the switch moves it to overlay2")
        #expect(byID["docker.version"]?.status == .ok, "\(byID["docker.version"]?.finding ?? "")")
        #expect(byID["images.unexportable"]?.status == .ok, "\(byID["images.unexportable"]?.finding ?? "")")
        #expect(byID["pool.state"]?.finding == "vfs uses no devicemapper pool")
        // The probes ran in the sandbox's data root and left nothing there.
        for id in ["overlay.kernel", "overlay.d-type", "space.export", "space.target", "config.conflict"] {
            #expect(byID[id]?.status == .ok, "\(id): \(byID[id]?.finding ?? "missing")")
        }
        #expect(byID["overlay.kernel"]?.finding.contains(sandbox.hostRoot.resolve("/var/lib/docker")) == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.hostRoot.resolve("/var/lib/docker"))
            .filter { $0.hasPrefix(".drivershift") }
        #expect(leftovers.isEmpty)
        let exportFigure = ByteCount.format(inventory.totals.exportBytesAll + SpaceRequirement.marginBytes)
        #expect(byID["space.export"]?.finding.contains("needs \(exportFigure)") == true)

        let text = PreflightTableRenderer().render(checks)
        #expect(text.contains("WARNING  running containers [containers.running]"))
        #expect(text.contains("No blocker: the switch may go ahead once the warnings are accepted."))
    }
}
