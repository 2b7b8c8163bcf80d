import DriverShiftTestSupport
import Foundation
import HostSystem
import PoolFiles
import Testing

/// Real pools built from real xfs/ext4 images, read back through loop devices. Serialized: each test mounts
/// several filesystems, and this machine has two cores shared with other suites.
@Suite(.serialized) struct PoolFilesReaderTests {
    static let baseHash = String(repeating: "a1", count: 32)
    static let snapshotHash = String(repeating: "b2", count: 32)

    static var baseContent: LayerContent {
        var content = LayerContent()
        content.files["etc/hostname"] = Array("base\n".utf8)
        content.files["bin/big"] = LayerContent.noise(300_000, seed: 1)
        content.files["usr/share/doc/readme"] = Array("read me\n".utf8)
        content.symlinks["bin/link"] = "big"
        content.directories = ["var/empty"]
        return content
    }

    /// A base layer and a snapshot of it that changes, adds and deletes files; they share unchanged blocks.
    static func snapshotPool(_ directory: String, filesystem: String) async throws -> (PoolFixture, LayerContent) {
        let base = "\(directory)/base.img"
        let snapshot = "\(directory)/snapshot.img"
        try await FilesystemImage.make(base, filesystem: filesystem)
        try await FilesystemImage.withMounted(base) { try baseContent.write(into: $0, id: baseHash) }
        try await FilesystemImage.copy(base, to: snapshot)
        var changed = baseContent
        changed.files["etc/hostname"] = Array("snapshot\n".utf8)
        changed.files["opt/new"] = LayerContent.noise(200_000, seed: 2)
        changed.files["usr/share/doc/readme"] = nil
        changed.directories.append("usr/share/doc")
        try await FilesystemImage.withMounted(snapshot) { mountPoint in
            try FileManager.default.removeItem(atPath: "\(mountPoint)/rootfs/usr/share/doc/readme")
            try changed.write(into: mountPoint, id: snapshotHash)
        }
        let fixture = try PoolFixture(directory: directory)
        try fixture.addDevice(id: 1, hash: baseHash, image: base)
        try fixture.addDevice(id: 2, hash: snapshotHash, image: snapshot, snapshotOf: (1, base))
        try await fixture.finish(filesystem: filesystem)
        return (fixture, changed)
    }

    static func reader(_ fixture: PoolFixture) async throws -> PoolFilesReader {
        let scratch = "\(fixture.directory)/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        return try await PoolFilesReader(
            dataFile: fixture.dataFile, metadataFile: fixture.metadataFile, deviceRecords: fixture.deviceRecords(),
            scratchDirectory: scratch)
    }

    static func fingerprint(_ path: String) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        return SHA256Digest.hex(of: [UInt8](bytes)) + " \(attributes[.modificationDate] ?? "")"
    }

    @Test func xfsSnapshotAndItsOriginReadBackExactlyAlsoMountedTogether() async throws {
        try await Scratch.with("xfs") { directory in
            let (fixture, changed) = try await Self.snapshotPool(directory, filesystem: "xfs")
            #expect(fixture.sharedBlocks(1, 2) > 0, "the snapshot shares no block with its origin")
            let xml = fixture.thinDumpXML()
            #expect(xml.contains("<range_mapping") && xml.contains("<single_mapping"))
            let before = try [fixture.dataFile, fixture.metadataFile].map(Self.fingerprint)
            let reader = try await Self.reader(fixture)
            #expect(reader.pool.superblock.blockSizeBytes == UInt64(PoolFixture.blockSize))
            #expect(reader.pool.devices[2]?.mappedBlocks == UInt64(fixture.mappedBlocks(device: 2)))

            let base = try await reader.withDevice(hash: Self.baseHash) { try LayerContent.manifest(of: $0) }
            #expect(base == Self.baseContent.expectedManifest)
            let snapshot = try await reader.withDevice(hash: Self.snapshotHash) { rootfs in
                #expect(try String(contentsOfFile: rootfs + "/../id", encoding: .utf8) == Self.snapshotHash)
                return try LayerContent.manifest(of: rootfs)
            }
            #expect(snapshot == changed.expectedManifest)
            // Both at once: the two xfs filesystems have the same UUID, so this needs nouuid.
            try await reader.withDevice(hash: Self.baseHash) { baseRoot in
                try await reader.withDevice(hash: Self.snapshotHash) { snapshotRoot in
                    let both = try (LayerContent.manifest(of: baseRoot), LayerContent.manifest(of: snapshotRoot))
                    #expect(both.0 == Self.baseContent.expectedManifest)
                    #expect(both.1 == changed.expectedManifest)
                }
            }
            #expect(try [fixture.dataFile, fixture.metadataFile].map(Self.fingerprint) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: reader.scratchDirectory).isEmpty)
        }
    }

    @Test func ext4DeviceReadsBack() async throws {
        try await Scratch.with("ext4") { directory in
            let (fixture, changed) = try await Self.snapshotPool(directory, filesystem: "ext4")
            let reader = try await Self.reader(fixture)
            let snapshot = try await reader.withDevice(hash: Self.snapshotHash) { try LayerContent.manifest(of: $0) }
            #expect(snapshot == changed.expectedManifest)
        }
    }

    /// One ext4 device: the smallest real pool, for the failure cases.
    static func smallPool(_ directory: String) async throws -> PoolFixture {
        let image = "\(directory)/base.img"
        try await FilesystemImage.make(image, filesystem: "ext4")
        try await FilesystemImage.withMounted(image) { try baseContent.write(into: $0, id: baseHash) }
        let fixture = try PoolFixture(directory: directory)
        try fixture.addDevice(id: 1, hash: baseHash, image: image)
        fixture.addRecord(hash: snapshotHash, deviceID: 42, size: 1 << 26)
        try await fixture.finish(filesystem: "ext4")
        return fixture
    }

    @Test func corruptMetadataIsRejectedByThinCheck() async throws {
        try await Scratch.with("corrupt") { directory in
            let fixture = try await Self.smallPool(directory)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.metadataFile))
            try handle.write(contentsOf: Data(repeating: 0, count: 4096))
            try handle.close()
            await #expect {
                _ = try await Self.reader(fixture)
            } throws: { error in
                guard case PoolFilesError.metadataRejected(let file, let message) = error else { return false }
                return file == fixture.metadataFile && message.contains("superblock")
                    && "\(error)".contains("thin_repair") && "\(error)".contains("Do not repair it in place")
            }
        }
    }

    @Test func aTruncatedDataFileNamesDeviceBlockAndSizes() async throws {
        try await Scratch.with("truncated") { directory in
            let fixture = try await Self.smallPool(directory)
            let reader = try await Self.reader(fixture)
            let last = try #require(reader.pool.devices[1]?.dataBlockEnd)
            let shortSize = (last - 2) * UInt64(PoolFixture.blockSize)
            try await CommandRunner().check(Command("truncate", ["-s", "\(shortSize)", fixture.dataFile]))
            await #expect {
                try await reader.withDevice(hash: Self.baseHash) { _ in }
            } throws: { error in
                let text = "\(error)"
                return text.contains("thin device 1") && text.contains(Self.baseHash)
                    && text.contains("data block \(last - 1)") && text.contains("holds only \(shortSize) bytes")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: reader.scratchDirectory).isEmpty)
        }
    }

    @Test func aDeviceThePoolDoesNotHaveAndAnUnknownHashAreRefused() async throws {
        try await Scratch.with("unknown") { directory in
            let fixture = try await Self.smallPool(directory)
            let reader = try await Self.reader(fixture)
            await #expect {
                try await reader.withDevice(hash: Self.snapshotHash) { _ in }
            } throws: { error in
                guard case PoolFilesError.deviceNotInPool(let hash, 42, _) = error else { return false }
                return hash == Self.snapshotHash
            }
            await #expect {
                try await reader.withDevice(hash: "nope") { _ in }
            } throws: { error in
                "\(error)".contains("device nope: Docker has no record")
            }
        }
    }

    @Test func aDeviceWithoutRootfsIsNotALayer() async throws {
        try await Scratch.with("norootfs") { directory in
            let image = "\(directory)/empty.img"
            try await FilesystemImage.make(image, filesystem: "ext4")
            let fixture = try PoolFixture(directory: directory)
            try fixture.addDevice(id: 1, hash: "base", image: image)
            try await fixture.finish(filesystem: "ext4")
            let reader = try await Self.reader(fixture)
            await #expect {
                try await reader.withDevice(hash: "base") { _ in Issue.record("the body ran without a rootfs") }
            } throws: { error in
                guard case PoolFilesError.noRootfs("base", _) = error else { return false }
                return true
            }
        }
    }

    @Test func garbageInTheDeviceIsAMountErrorAndLeavesNothing() async throws {
        try await Scratch.with("garbage") { directory in
            let image = "\(directory)/garbage.img"
            try Data(LayerContent.noise(1 << 20, seed: 3)).write(to: URL(fileURLWithPath: image))
            try await CommandRunner().check(Command("truncate", ["-s", "320M", image]))
            let fixture = try PoolFixture(directory: directory)
            try fixture.addDevice(id: 1, hash: Self.baseHash, image: image)
            try await fixture.finish(filesystem: "xfs")
            let reader = try await Self.reader(fixture)
            await #expect {
                try await reader.withDevice(hash: Self.baseHash) { _ in }
            } throws: { error in
                guard case PoolFilesError.mountFailed(let failedImage, _, "xfs", _) = error else { return false }
                return failedImage.contains(Self.baseHash)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: reader.scratchDirectory).isEmpty)
        }
    }

    @Test func aPoolWhoseDataFileIsOnALoopDeviceIsRefused() async throws {
        try await Scratch.with("live") { directory in
            let fixture = try await Self.smallPool(directory)
            let runner = CommandRunner()
            let attached = try await runner.check(
                Command("losetup", ["--read-only", "--find", "--show", fixture.dataFile]))
            let loop = attached.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            // #expect catches what the reader throws, so the detach below always runs (Scratch checks it did).
            await #expect {
                _ = try await Self.reader(fixture)
            } throws: { error in
                "\(error)".contains("a daemon has this pool active: stop docker first") && "\(error)".contains(loop)
            }
            _ = try await runner.check(Command("losetup", ["--detach", loop]))
        }
    }
}
