import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

/// The committed real Docker 20.10 loop-lvm pool (Tests/Fixtures/real-pool), inventoried offline on this kernel
/// (no device-mapper): every layer's and container's allocated bytes must be what thin_dump, run here by the test
/// itself, says that thin device maps, times the pool's block size.
@Suite(.serialized) struct RealPoolAllocationTests {
    static let fixture = RealPoolFixture.directory

    @Test func everyLayerAndContainerReportsTheBlocksItsThinDeviceMaps() async throws {
        let scratch = try TestSupport.temporaryDirectory("inv-real-pool")
        let host = try await RealPoolFixture.unpack(into: scratch)
        do {
            try await check(host: host)
        } catch {
            await finish(scratch)
            throw error
        }
        await finish(scratch)
    }

    private func check(host: String) async throws {
        let dataRoot = "\(host)/var/lib/docker"
        let (blockBytes, mapped) = try await Self.thinDump("\(dataRoot)/devicemapper/devicemapper/metadata")
        #expect(blockBytes == 65536, "Docker's loop-lvm default block size")

        let result = try await TestSupport.drivershift([
            "inventory", "--host-root", host, "--offline", "--format", "json",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let inventory = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let pool = inventory["pool"] as? [String: Any]
        let allocation = pool?["allocation"] as? [String: Any]
        #expect(allocation?["source"] as? String == "pool-files", "\(String(describing: allocation))")
        #expect((allocation?["blockSizeBytes"] as? NSNumber)?.uint64Value == blockBytes)

        var checked = 0
        for image in inventory["images"] as? [[String: Any]] ?? [] {
            for layer in image["layers"] as? [[String: Any]] ?? [] {
                let cacheID = try #require(layer["cacheID"] as? String)
                let device = try Self.deviceID(dataRoot: dataRoot, hash: cacheID)
                let expected = try #require(mapped[device], "thin_dump lists no device \(device)") * blockBytes
                let got = (layer["allocatedBytes"] as? NSNumber)?.uint64Value
                #expect(got == expected, "layer \(cacheID.prefix(12)) (device \(device))")
                // Every layer device is a snapshot of the base device, which holds an xfs filesystem.
                #expect((got ?? 0) > 0, "layer \(cacheID.prefix(12)) maps no block")
                checked += 1
            }
        }
        #expect(checked >= 8, "the fixture's images have at least 8 layers, \(checked) checked")

        var writable: [String: UInt64] = [:]
        for container in inventory["containers"] as? [[String: Any]] ?? [] {
            let id = try #require(container["id"] as? String)
            let name = try #require(container["name"] as? String)
            let mountID = try String(
                contentsOfFile: "\(dataRoot)/image/devicemapper/layerdb/mounts/\(id)/mount-id", encoding: .utf8)
            let device = try Self.deviceID(dataRoot: dataRoot, hash: mountID)
            let allocated = (container["writableLayerAllocatedBytes"] as? NSNumber)?.uint64Value
            #expect(allocated == (mapped[device] ?? 0) * blockBytes, "container \(name) (device \(device))")
            writable[name] = (container["writableLayerBytes"] as? NSNumber)?.uint64Value
        }
        // `dirty` wrote files, `clean` was only created: their own blocks say so.
        let dirty = try #require(writable["dirty"], "no writable-layer bytes for dirty: \(writable)")
        let clean = try #require(writable["clean"], "no writable-layer bytes for clean: \(writable)")
        #expect(dirty > clean && dirty >= blockBytes, "dirty \(dirty) B, clean \(clean) B")

        let table = try await TestSupport.drivershift(["inventory", "--host-root", host, "--offline"])
        #expect(table.exitCode == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("POOL ALLOCATED"), "\(table.standardOutput)")
        #expect(table.standardOutput.contains("per device from pool-files"), "\(table.standardOutput)")
    }

    /// thin_dump of the metadata file, read here without drivershift: the block size in bytes and every
    /// device's `mapped_blocks`.
    static func thinDump(_ metadataFile: String) async throws -> (UInt64, [Int: UInt64]) {
        let dump = try await CommandRunner().run(Command("thin_dump", ["--format", "xml", metadataFile]))
        guard dump.succeeded else { throw TestFailure("thin_dump \(metadataFile): \(dump.standardError)") }
        guard let size = dump.standardOutput.firstMatch(of: /data_block_size="(\d+)"/), let sectors = UInt64(size.1)
        else { throw TestFailure("thin_dump printed no data_block_size") }
        var mapped: [Int: UInt64] = [:]
        for match in dump.standardOutput.matches(of: /<device dev_id="(\d+)" mapped_blocks="(\d+)"/) {
            if let id = Int(match.1), let blocks = UInt64(match.2) { mapped[id] = blocks }
        }
        return (sectors * 512, mapped)
    }

    /// Docker's record of a thin device (`devicemapper/metadata/<hash>`): its device id.
    static func deviceID(dataRoot: String, hash: String) throws -> Int {
        let path = "\(dataRoot)/devicemapper/metadata/\(hash.trimmingCharacters(in: .whitespacesAndNewlines))"
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        guard let id = (record as? [String: Any])?["device_id"] as? Int else {
            throw TestFailure("\(path) has no device_id")
        }
        return id
    }

    /// Nothing left behind (the inventory only reads the metadata file), then the scratch directory goes.
    private func finish(_ scratch: String) async {
        let loops = await DeviceLeftovers.loopDevices(under: scratch)
        #expect(loops.isEmpty, "loop devices left behind: \(loops)")
        let mounts = DeviceLeftovers.mounts(under: scratch)
        #expect(mounts.isEmpty, "mounts left behind: \(mounts)")
        await TestSupport.removeTree(scratch)
    }
}
