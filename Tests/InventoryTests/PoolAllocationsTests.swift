import Foundation
import PoolFiles
import Testing

@testable import DockerState
@testable import Inventory

/// Per-device allocated bytes from thin_dump's mappings: mapped blocks x block size, and for a writable layer the
/// blocks it does not share with the device below it.
@Suite struct PoolAllocationsTests {
    static let block: UInt64 = 65536

    @Test func blocksOutsideTheLowerDeviceAreTheOnesWrittenSince() {
        let lower = [
            BlockRange(originBegin: 0, dataBegin: 10, length: 5),  // 10..<15
            BlockRange(originBegin: 8, dataBegin: 20, length: 2),  // 20..<22
            BlockRange(originBegin: 5, dataBegin: 14, length: 3),  // overlaps: 10..<17 in all
        ]
        let upper = [
            BlockRange(originBegin: 0, dataBegin: 10, length: 7),  // shared: 10..<17
            BlockRange(originBegin: 7, dataBegin: 40, length: 1),  // copied on write
            BlockRange(originBegin: 8, dataBegin: 21, length: 2),  // 21 shared, 22 new
            BlockRange(originBegin: 12, dataBegin: 5, length: 3),  // new, before everything of lower
        ]
        #expect(PoolAllocations.blocks(of: upper, outside: lower) == 5)
        #expect(PoolAllocations.blocks(of: upper, outside: []) == 13)
        #expect(PoolAllocations.blocks(of: lower, outside: lower) == 0)
    }

    @Test func layersAndContainersGetTheirDevicesBytes() {
        let devices: [Int: ThinDeviceMap] = [
            1: ThinDeviceMap(
                deviceID: 1, mappedBlocks: 4, ranges: [BlockRange(originBegin: 0, dataBegin: 0, length: 4)]),
            2: ThinDeviceMap(
                deviceID: 2, mappedBlocks: 5,
                ranges: [
                    BlockRange(originBegin: 0, dataBegin: 0, length: 4),
                    BlockRange(originBegin: 4, dataBegin: 9, length: 1),
                ]),
            3: ThinDeviceMap(
                deviceID: 3, mappedBlocks: 7,
                ranges: [
                    BlockRange(originBegin: 0, dataBegin: 0, length: 3),
                    BlockRange(originBegin: 3, dataBegin: 12, length: 4),
                ]),
        ]
        var allocations = PoolAllocations(source: "pool-files", blockSizeBytes: Self.block, devices: devices)
        let records = DeviceMapperMetadata(
            nextDeviceID: 4, baseDeviceUUID: nil, baseDeviceFilesystem: "xfs", openTransactionID: nil,
            devices: [
                "layer": device("layer", 1), "box-init": device("box-init", 2), "box": device("box", 3),
                "gone": device("gone", 9, deleted: true),
            ])
        let diffID = Digest.sha256(of: Data("layer".utf8))
        var state = CollectedState()
        state.images = [
            ImageEntry(
                id: Digest.sha256(of: Data("image".utf8)), tags: ["a:1"], repoDigests: [], created: nil, parent: nil,
                dangling: false, intermediate: false,
                layers: [
                    LayerEntry(diffID: diffID, chainID: diffID, cacheID: "layer", size: 1, tarSize: 1),
                    LayerEntry(diffID: diffID, chainID: diffID, cacheID: "gone", size: 1, tarSize: 1),
                ],
                size: 2, tarSize: 2, configSize: 1)
        ]
        state.containers = [
            ContainerEntry(
                id: "c1", name: "box", image: "a:1", imageID: nil, state: "exited", driver: "devicemapper",
                writableLayerBytes: nil)
        ]
        allocations.apply(to: &state, records: records, mountIDs: ["c1": "box"])
        #expect(state.images[0].layers[0].allocatedBytes == 4 * Self.block)
        #expect(state.images[0].layers[1].allocatedBytes == nil, "a deleted device's record belongs to no layer")
        #expect(state.containers[0].writableLayerAllocatedBytes == 7 * Self.block)
        // Blocks 12..<16 are the container's own; 0..<3 it shares with its -init device.
        #expect(state.containers[0].writableLayerBytes == 4 * Self.block)

        // An active device's thin status is newer than the mappings read a moment before.
        allocations.activeMappedBytes = [3: 9 * Self.block]
        allocations.apply(to: &state, records: records, mountIDs: ["c1": "box"])
        #expect(state.containers[0].writableLayerAllocatedBytes == 9 * Self.block)
    }

    private func device(_ hash: String, _ id: Int, deleted: Bool = false) -> DeviceMapperMetadata.Device {
        DeviceMapperMetadata.Device(
            hash: hash, deviceID: id, sizeBytes: 10_737_418_240, transactionID: id, initialized: true, deleted: deleted)
    }
}
