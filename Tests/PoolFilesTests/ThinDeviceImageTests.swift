import Foundation
import PoolFiles
import Testing

@Suite struct ThinDeviceImageTests {
    static let block = 4096

    /// A data file of `blocks` blocks, each filled with its own number + 1 (block 2 left all zeros).
    static func dataFile(_ path: String, blocks: Int) throws {
        var bytes: [UInt8] = []
        for index in 0..<blocks {
            bytes += [UInt8](repeating: index == 2 ? 0 : UInt8(index + 1), count: block)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func blocksLandAtTheirOriginAndTheRestStaysHoles() async throws {
        try await Scratch.with("image") { directory in
            let data = "\(directory)/data"
            try Self.dataFile(data, blocks: 8)
            let device = ThinDeviceMap(
                deviceID: 9, mappedBlocks: 5,
                ranges: [
                    BlockRange(originBegin: 100, dataBegin: 5, length: 2),
                    BlockRange(originBegin: 0, dataBegin: 1, length: 2),
                    BlockRange(originBegin: 200, dataBegin: 2, length: 2),
                ])
            let image = "\(directory)/device.img"
            let size = UInt64(1024 * Self.block)
            let written = try ThinDeviceImage(device: device, blockSizeBytes: UInt64(Self.block), sizeBytes: size)
                .write(from: data, to: image)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))
            #expect(bytes.count == Int(size))
            func blockAt(_ index: Int) -> Set<UInt8> { Set(bytes[(index * Self.block)..<((index + 1) * Self.block)]) }
            #expect(blockAt(0) == [2] && blockAt(1) == [0] && blockAt(100) == [6] && blockAt(101) == [7])
            #expect(blockAt(2) == [0] && blockAt(99) == [0] && blockAt(1023) == [0])
            #expect(blockAt(200) == [0] && blockAt(201) == [4])
            // Data block 2 holds only zeros: it is left as a hole, not written, also inside a range.
            #expect(written == UInt64(4 * Self.block))
            var info = stat()
            #expect(stat(image, &info) == 0 && info.st_blocks * 512 < 64 * Self.block)
        }
    }

    @Test func aShortDataFileIsCaughtBeforeAnythingIsWritten() async throws {
        try await Scratch.with("short") { directory in
            let data = "\(directory)/data"
            try Self.dataFile(data, blocks: 4)
            let device = ThinDeviceMap(
                deviceID: 3, mappedBlocks: 3, ranges: [BlockRange(originBegin: 0, dataBegin: 2, length: 3)])
            let image = "\(directory)/device.img"
            #expect {
                try ThinDeviceImage(device: device, blockSizeBytes: UInt64(Self.block), sizeBytes: 1 << 20)
                    .write(from: data, to: image)
            } throws: { error in
                let text = "\(error)"
                return text.contains("thin device 3") && text.contains("data block 4") && text.contains("20480 bytes")
                    && text.contains("holds only 16384 bytes") && text.contains(data)
            }
            #expect(!FileManager.default.fileExists(atPath: image))
        }
    }
}
