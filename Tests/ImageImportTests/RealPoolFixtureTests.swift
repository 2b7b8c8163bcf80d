import DockerEngine
import DriverShiftTestSupport
import Foundation
import HostSystem
import LayerArchive
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import ImageImport

/// A real Docker 20.10 loop-lvm data root, made in the VM (Tests/Fixtures/real-pool, vm/make-real-pool-fixture.sh),
/// exported on this kernel, which has no device-mapper: `drivershift export --source disk` reads every layer from
/// the pool's data and metadata files (thin_check, thin_dump, device images, read-only loop mounts). Every diffID
/// and image ID must come out as the daemon reported them, and the store must load into a real overlay2 dockerd.
@Suite(.serialized) struct RealPoolFixtureTests {
    static let fixture = RealPoolFixture.directory

    @Test func everyImageOfTheRealPoolExportsExactlyAndLoadsIntoOverlay2() async throws {
        let expected = try RealPoolExpectation.load(Self.fixture + "/expected.json")
        #expect(expected.storageDriver == "devicemapper" && expected.images.count >= 3)
        try await ImportTestSupport.withSandboxes("real-pool") { sandboxes, scratch in
            let host = try await RealPoolFixture.unpack(into: scratch)
            let store = "\(scratch)/store"
            let export = try await DriverShiftBinary.run([
                "export", "--host-root", host, "--offline", "--source", "disk", "--all", "--to", store,
            ])
            await Self.expectNothingLeftBehind(under: scratch)
            #expect(export.exitCode == 0, "drivershift export failed:\n\(export.standardError)")
            let manifest = try ImportTestSupport.manifest(of: store)
            // This kernel has no device-mapper: `auto` must have read the pool from its files.
            let sources = Set(manifest.images.flatMap { $0.layers.map(\.source) })
            #expect(sources == ["tar-split+pool-files"], "layer sources: \(sources)")

            for image in expected.images {
                let exported = manifest.images.first { $0.id == image.id }
                #expect(exported != nil, "image \(image.id) (\(image.kind), \(image.tags)) was not exported")
                #expect(exported?.layers.map(\.diffID) == image.diffIDs, "diffIDs of \(image.id)")
                #expect(Set(exported?.tags ?? []) == Set(image.tags), "tags of \(image.id)")
            }
            for diffID in Set(expected.images.flatMap(\.diffIDs)) {
                let hex = String(diffID.dropFirst("sha256:".count))
                let digest = try await Self.sha256(of: "\(store)/blobs/sha256/\(hex)")
                #expect(digest == hex, "the blob of layer \(diffID) hashes to \(digest)")
            }
            let verify = try await DriverShiftBinary.run(["verify", store])
            #expect(verify.exitCode == 0, "drivershift verify: \(verify.standardOutput)\(verify.standardError)")
            #expect(verify.standardOutput.contains("none found"), "no warning either: \(verify.standardOutput)")

            let target = try await sandboxes.start(driver: "overlay2")
            let client = try await ImportTestSupport.client(for: target)
            _ = try await ImageImporter().load(store: store, client: client, observer: RecordingObserver())
            let loaded = try await ImportTestSupport.imageIDs(in: target)
            for image in expected.images {
                #expect(loaded.contains(image.id), "image \(image.id) did not load into overlay2")
                guard loaded.contains(image.id) else { continue }
                let fields = try await ImportTestSupport.inspect(image.id, in: target)
                let layers = (fields["RootFS"] as? [String: Any])?["Layers"] as? [String]
                #expect(layers == image.diffIDs, "overlay2's diffIDs of \(image.id)")
            }
        }
        DriverShiftBinary.recordEvidence("real-pool-fixture-export")
    }

    /// Offline, on a kernel without device-mapper, the inventory reads the stopped pool's usage from its
    /// metadata file: the total is the pool's, and the used blocks are at least what the live pool reported
    /// (`dmsetup status` just before dockerd stopped; mounts after it may have added some) and no more than
    /// the data file holds.
    @Test func theOfflineInventoryReadsThePoolsUsageFromItsFiles() async throws {
        let scratch = try ScratchDirectory("real-pool-inventory")
        let host = try await RealPoolFixture.unpack(into: scratch.path)
        let result = try await DriverShiftBinary.run([
            "inventory", "--host-root", host, "--offline", "--format", "json",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let inventory = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let usage = (inventory?["pool"] as? [String: Any])?["usage"] as? [String: Any]
        #expect(usage?["source"] as? String == "pool-files", "\(String(describing: usage))")

        // "docker-254:0-131098-pool: 0 209715200 thin-pool 80 4279/524288 1773/1638400 - rw ..."
        let status = try String(contentsOfFile: Self.fixture + "/raw/dmsetup-status.txt", encoding: .utf8)
        let fields = status.split(separator: " ").map(String.init)
        let blocks = try #require(fields.firstIndex(of: "thin-pool").map { fields[$0 + 3].split(separator: "/") })
        let (liveUsed, liveTotal) = (try #require(UInt64(blocks[0])), try #require(UInt64(blocks[1])))
        let blockSize: UInt64 = 65536
        let used = try #require(usage?["dataUsedBytes"] as? NSNumber).uint64Value
        #expect(usage?["dataTotalBytes"] as? NSNumber == NSNumber(value: liveTotal * blockSize))
        #expect(used >= liveUsed * blockSize, "\(used) bytes used, the live pool said \(liveUsed) blocks")
        let allocated = try FileFacts.of("\(host)/var/lib/docker/devicemapper/devicemapper/data")?.allocatedBytes ?? 0
        #expect(used <= allocated, "\(used) bytes used, but the data file holds \(allocated)")
    }

    /// Asked for the kernel's device-mapper on a kernel without it, the export says so and what works instead,
    /// and leaves nothing behind (the VM suite runs the same command where the kernel has it).
    @Test func libdevmapperOnAKernelWithoutDeviceMapperIsRefusedClearly() async throws {
        let scratch = try ScratchDirectory("real-pool-no-dm")
        let host = try await RealPoolFixture.unpack(into: scratch.path)
        let export = try await DriverShiftBinary.run([
            "export", "--host-root", host, "--offline", "--source", "disk", "--pool-reader", "libdevmapper", "--all",
            "--to", "\(scratch.path)/store",
        ])
        #expect(export.exitCode == 1)
        #expect(export.standardError.contains("this kernel has no device-mapper"), "\(export.standardError)")
        #expect(export.standardError.contains("modprobe dm_mod"), "says what to do: \(export.standardError)")
        await Self.expectNothingLeftBehind(under: scratch.path)
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/store"), "a refused export made no store")
    }

    /// While something has the pool's data file open through a loop device (as a running devicemapper daemon
    /// does), the export refuses instead of reading a pool that changes under it.
    @Test func aPoolInUseIsRefused() async throws {
        let scratch = try ScratchDirectory("real-pool-active")
        let host = try await RealPoolFixture.unpack(into: scratch.path)
        let data = "\(host)/var/lib/docker/devicemapper/devicemapper/data"
        let runner = CommandRunner()
        let attach = try await runner.run(Command("losetup", ["--read-only", "--find", "--show", data]))
        let device = attach.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(attach.succeeded && device.hasPrefix("/dev/loop"), "losetup: \(attach.standardError)")
        let export: CommandResult
        do {
            export = try await DriverShiftBinary.run([
                "export", "--host-root", host, "--offline", "--source", "disk", "--all", "--to",
                "\(scratch.path)/store",
            ])
        } catch {
            if device.hasPrefix("/dev/loop") { _ = try? await runner.run(Command("losetup", ["--detach", device])) }
            throw error
        }
        #expect(export.exitCode == 1)
        #expect(export.standardError.contains(device), "names the loop device: \(export.standardError)")
        #expect(export.standardError.lowercased().contains("stop"), "says what to do: \(export.standardError)")
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/store"), "a refused export made no store")
        let ours = await DeviceLeftovers.loopDevices(under: scratch.path)
        #expect(ours.count == 1 && ours[0].hasPrefix(device), "only the test's own loop device: \(ours)")
        if device.hasPrefix("/dev/loop") { _ = try? await runner.run(Command("losetup", ["--detach", device])) }
    }

    /// Ctrl-C while a layer device is mounted: the export takes down the mount and the loop device before it
    /// exits. The run stops itself at that moment (a crash point), gets SIGINT, and is let go.
    @Test func ctrlCWhileALayerDeviceIsMountedLeavesNothingBehind() async throws {
        let scratch = try ScratchDirectory("real-pool-interrupt")
        let host = try await RealPoolFixture.unpack(into: scratch.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DriverShiftBinary.path())
        process.arguments = [
            "export", "--host-root", host, "--offline", "--source", "disk", "--all", "--to", "\(scratch.path)/store",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(
            [CrashPoint.environmentVariable: CrashPoint.poolDeviceMounted.rawValue]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && !StoppedProcess.isStopped(process.processIdentifier) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        // The mount lives in a private namespace; its loop device is seen from everywhere.
        let loops = await DeviceLeftovers.loopDevices(under: scratch.path)
        #expect(!loops.isEmpty, "the run should have stopped with a layer device mounted")
        kill(process.processIdentifier, SIGINT)
        kill(process.processIdentifier, SIGCONT)
        let exitDeadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < exitDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "the export did not exit within 60 s of SIGINT")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGINT, "exit status \(process.terminationStatus)")
        await Self.expectNothingLeftBehind(under: scratch.path)
    }

    /// No loop device backed by a file under `scratch`, no mount under it.
    static func expectNothingLeftBehind(under scratch: String) async {
        let loops = await DeviceLeftovers.loopDevices(under: scratch)
        #expect(loops.isEmpty, "loop devices left behind: \(loops)")
        let mounts = DeviceLeftovers.mounts(under: scratch)
        #expect(mounts.isEmpty, "mounts left behind: \(mounts)")
    }

    static func sha256(of path: String) async throws -> String {
        let result = try await CommandRunner().run(Command("sha256sum", [path]))
        return String(result.standardOutput.prefix(64))
    }
}
