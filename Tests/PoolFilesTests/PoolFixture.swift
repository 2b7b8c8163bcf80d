import DockerState
import DriverShiftTestSupport
import Foundation
import HostSystem

/// A devicemapper pool made without device-mapper: filesystem images cut into 64 KiB blocks that are stored in a
/// data file at scattered positions, the mappings written as thin_dump XML and turned into a real metadata file by
/// thin_restore, and Docker's per-device records beside them.
final class PoolFixture {
    static let blockSize = 65_536
    let directory: String
    let dataFile: String
    let metadataFile: String
    let recordsDirectory: String
    private(set) var filesystem = "xfs"
    /// Per device: origin block -> data block.
    private var mappings: [Int: [UInt64: UInt64]] = [:]
    private var records: [String: (deviceID: Int, size: UInt64)] = [:]
    /// The first data blocks stay unused so no data block number equals its origin block by accident.
    private var nextDataBlock: UInt64 = 5
    private var allocated = 0

    init(directory: String) throws {
        self.directory = directory
        dataFile = "\(directory)/data"
        metadataFile = "\(directory)/metadata"
        recordsDirectory = "\(directory)/records"
        try FileManager.default.createDirectory(atPath: recordsDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: dataFile, contents: nil) else {
            throw TestFailure("cannot create \(dataFile)")
        }
    }

    /// Adds thin device `id` holding `image`'s non-zero blocks. A block equal to the same block of `origin`'s image
    /// shares its data block, as a snapshot does.
    func addDevice(id: Int, hash: String, image: String, snapshotOf origin: (id: Int, image: String)? = nil) throws {
        let source = try FileHandle(forReadingFrom: URL(fileURLWithPath: image))
        defer { try? source.close() }
        let originImage = try origin.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0.image)) }
        defer { try? originImage?.close() }
        let data = try FileHandle(forWritingTo: URL(fileURLWithPath: dataFile))
        defer { try? data.close() }
        let size = try FileManager.default.attributesOfItem(atPath: image)[.size] as? UInt64 ?? 0
        var map: [UInt64: UInt64] = [:]
        for block in try dataBlocks(of: source.fileDescriptor, size: size) {
            try source.seek(toOffset: block * UInt64(Self.blockSize))
            let bytes = try source.read(upToCount: Self.blockSize) ?? Data()
            guard bytes.contains(where: { $0 != 0 }) else { continue }
            if let origin, let originImage, let shared = mappings[origin.id]?[block] {
                try originImage.seek(toOffset: block * UInt64(Self.blockSize))
                if try originImage.read(upToCount: Self.blockSize) == bytes {
                    map[block] = shared
                    continue
                }
            }
            let target = allocate()
            try data.seek(toOffset: target * UInt64(Self.blockSize))
            try data.write(contentsOf: bytes)
            map[block] = target
        }
        mappings[id] = map
        records[hash] = (id, size)
    }

    /// A Docker record only: a device the pool may not have.
    func addRecord(hash: String, deviceID: Int, size: UInt64) {
        records[hash] = (deviceID, size)
    }

    /// Writes the metadata (thin_restore) and Docker's records; the data file is sized to its last block.
    func finish(filesystem: String) async throws {
        self.filesystem = filesystem
        let runner = CommandRunner()
        try await runner.check(Command("truncate", ["-s", "\(nextDataBlock * UInt64(Self.blockSize))", dataFile]))
        let xml = "\(directory)/metadata.xml"
        try Data(thinDumpXML().utf8).write(to: URL(fileURLWithPath: xml))
        try await runner.check(Command("truncate", ["-s", "16M", metadataFile]))
        try await runner.check(Command("thin_restore", ["-i", xml, "-o", metadataFile]))
        let set =
            ["next_device_id": (mappings.keys.max() ?? 0) + 1, "BaseDeviceFilesystem": filesystem] as [String: Any]
        try JSONSerialization.data(withJSONObject: set).write(
            to: URL(fileURLWithPath: "\(recordsDirectory)/deviceset-metadata"))
        for (hash, record) in records {
            let object: [String: Any] = [
                "device_id": record.deviceID, "size": record.size, "transaction_id": 1, "initialized": true,
                "deleted": false,
            ]
            try JSONSerialization.data(withJSONObject: object).write(
                to: URL(fileURLWithPath: "\(recordsDirectory)/\(hash)"))
        }
    }

    func deviceRecords() throws -> DeviceMapperMetadata {
        try DeviceMapperMetadata.read(directory: recordsDirectory)
    }

    /// The data block device `id` keeps its origin block `block` in.
    func dataBlock(device id: Int, origin block: UInt64) -> UInt64? { mappings[id]?[block] }

    func mappedBlocks(device id: Int) -> Int { mappings[id]?.count ?? 0 }

    /// Blocks two devices keep in the same data block.
    func sharedBlocks(_ first: Int, _ second: Int) -> Int {
        let firstBlocks = Set((mappings[first] ?? [:]).values)
        return (mappings[second] ?? [:]).values.filter { firstBlocks.contains($0) }.count
    }

    /// thin_dump's XML for the pool: runs of consecutive blocks as range_mapping, lone blocks as single_mapping.
    func thinDumpXML() -> String {
        let blocks = nextDataBlock
        var lines = [
            "<superblock uuid=\"\" time=\"0\" transaction=\"1\" flags=\"0\" version=\"2\" "
                + "data_block_size=\"\(Self.blockSize / 512)\" nr_data_blocks=\"\(blocks)\">"
        ]
        for (id, map) in mappings.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  <device dev_id=\"\(id)\" mapped_blocks=\"\(map.count)\" transaction=\"0\" creation_time=\"0\" "
                    + "snap_time=\"0\">")
            var run: (origin: UInt64, data: UInt64, length: UInt64)?
            func flush() {
                guard let run else { return }
                lines.append(
                    run.length == 1
                        ? "    <single_mapping origin_block=\"\(run.origin)\" data_block=\"\(run.data)\" time=\"0\"/>"
                        : "    <range_mapping origin_begin=\"\(run.origin)\" data_begin=\"\(run.data)\" "
                            + "length=\"\(run.length)\" time=\"0\"/>")
            }
            for (origin, data) in map.sorted(by: { $0.key < $1.key }) {
                if let current = run, current.origin + current.length == origin, current.data + current.length == data {
                    run?.length += 1
                } else {
                    flush()
                    run = (origin, data, 1)
                }
            }
            flush()
            lines.append("  </device>")
        }
        lines.append("</superblock>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Data blocks are handed out in order with a gap after every seventh, so mappings come as both ranges
    /// and single blocks.
    private func allocate() -> UInt64 {
        let block = nextDataBlock
        allocated += 1
        nextDataBlock += allocated % 7 == 0 ? 2 : 1
        return block
    }

    /// Blocks of the file that hold data (SEEK_DATA/SEEK_HOLE), so a 320 MB sparse image is read in a moment.
    private func dataBlocks(of descriptor: Int32, size: UInt64) throws -> [UInt64] {
        let seekData: Int32 = 3
        let seekHole: Int32 = 4
        let blockSize = UInt64(Self.blockSize)
        var blocks: [UInt64] = []
        var offset: off_t = 0
        while UInt64(offset) < size {
            let start = lseek(descriptor, offset, seekData)
            if start < 0 { break }
            let end = lseek(descriptor, start, seekHole)
            guard end > start else { break }
            let first = UInt64(start) / blockSize
            let last = (UInt64(end) + blockSize - 1) / blockSize
            for block in first..<last where blocks.last.map({ $0 < block }) ?? true { blocks.append(block) }
            offset = end
        }
        return blocks
    }
}
