import DockerState
import Foundation
import HostSystem

/// A devicemapper pool read from its data and metadata files alone, with no device-mapper in the kernel: the
/// metadata is checked and dumped once; each layer device asked for is rebuilt as a sparse image in a scratch
/// directory, mounted read-only, handed over as its `rootfs/`, and taken down again. The pool's files are only
/// ever opened for reading.
public struct PoolFilesReader: Sendable {
    public let dataFile: String
    public let metadataFile: String
    public let deviceRecords: DeviceMapperMetadata
    /// thin_dump's view of the pool.
    public let pool: ThinPoolMap
    /// Where device images are built: it needs room for the largest device's mapped data.
    public let scratchDirectory: String
    public let runner: CommandRunner

    /// Refuses a pool in use, runs thin_check, then thin_dump (its XML goes to `scratchDirectory` for a moment).
    public init(
        dataFile: String, metadataFile: String, deviceRecords: DeviceMapperMetadata,
        scratchDirectory: String = "/var/tmp", runner: CommandRunner = CommandRunner()
    ) async throws {
        for file in [dataFile, metadataFile] where !FileManager.default.fileExists(atPath: file) {
            throw PoolFilesError.fileOperationFailed(path: file, operation: "read", reason: "no such file")
        }
        self.dataFile = dataFile
        self.metadataFile = metadataFile
        self.deviceRecords = deviceRecords
        self.scratchDirectory = scratchDirectory
        self.runner = runner
        pool = try await Self.map(
            dataFile: dataFile, metadataFile: metadataFile, scratchDirectory: scratchDirectory, runner: runner)
    }

    /// The pool as thin_dump sees it, once it is known to be inactive (`poolActive` otherwise) and its metadata
    /// passes thin_check; the XML goes to a private directory in `scratchDirectory` for a moment.
    public static func map(
        dataFile: String, metadataFile: String, scratchDirectory: String = "/var/tmp",
        runner: CommandRunner = CommandRunner()
    ) async throws -> ThinPoolMap {
        try await refuseIfActive([dataFile, metadataFile], runner: runner)
        try await ThinMetadataCheck(runner: runner).check(metadataFile: metadataFile)
        let dumpDirectory = try ScratchDirectory.make(in: scratchDirectory, prefix: "thin-dump")
        defer { try? FileManager.default.removeItem(atPath: dumpDirectory) }
        return try await ThinMetadataDump(runner: runner).dump(
            metadataFile: metadataFile, scratchDirectory: dumpDirectory)
    }

    /// Runs `body` with the `rootfs/` of the layer device `hash` (a layer's cache-id), mounted read-only;
    /// unmounts, detaches and deletes the image afterwards, also when `body` throws or the task is cancelled.
    public func withDevice<T>(hash: String, _ body: (String) async throws -> T) async throws -> T {
        guard let record = deviceRecords.devices[hash] else {
            throw PoolFilesError.unknownLayerDevice(hash: hash, reason: "Docker has no record of this device")
        }
        guard !record.deleted else {
            throw PoolFilesError.unknownLayerDevice(hash: hash, reason: "Docker's record says the device was deleted")
        }
        guard let device = pool.devices[record.deviceID] else {
            throw PoolFilesError.deviceNotInPool(hash: hash, deviceID: record.deviceID, metadataFile: metadataFile)
        }
        try await Self.refuseIfActive([dataFile], runner: runner)
        let work = try ScratchDirectory.make(in: scratchDirectory, prefix: "device")
        defer {
            // Only when nothing is mounted below it: never delete into a filesystem that failed to unmount.
            if MountEntry.mountPoints(under: work).isEmpty { try? FileManager.default.removeItem(atPath: work) }
        }
        let image = "\(work)/\(hash).img"
        var builder = ThinDeviceImage(
            device: device, blockSizeBytes: pool.superblock.blockSizeBytes, sizeBytes: record.sizeBytes)
        builder.name = "thin device \(record.deviceID) (layer device \(hash))"
        try builder.write(from: dataFile, to: image)
        let filesystem = try await filesystemType(image: image)
        return try await ReadOnlyLoopMount(runner: runner).withMounted(
            image: image, filesystem: filesystem, scratchDirectory: work
        ) { mountPoint in
            try await Self.withRootfs(in: mountPoint, hash: hash, body)
        }
    }

    /// Runs `body` with the layer's `rootfs/` in a mounted layer device; a device without one is not a layer's.
    static func withRootfs<T>(in mountPoint: String, hash: String, _ body: (String) async throws -> T) async throws
        -> T
    {
        let rootfs = "\(mountPoint)/rootfs"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootfs, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw PoolFilesError.noRootfs(hash: hash, mountPoint: mountPoint) }
        CrashPoint.poolDeviceMounted.reached()
        return try await body(rootfs)
    }

    /// The devices' filesystem as Docker recorded it; very old data roots did not record it, so blkid is asked.
    private func filesystemType(image: String) async throws -> String {
        if let recorded = deviceRecords.baseDeviceFilesystem, !recorded.isEmpty { return recorded }
        try ThinTool.require("blkid")
        let probe = try await runner.run(
            Command("blkid", ["--probe", "--match-tag", "TYPE", "--output", "value", image]))
        let type = probe.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard probe.succeeded, !type.isEmpty else {
            throw PoolFilesError.unsupportedFilesystem("unknown (blkid recognised none)", image: image)
        }
        return type
    }

    /// Throws `poolActive` when a loop device is backed by one of `files`: a daemon (or dm) has the pool open,
    /// and its files change under a reader.
    public static func refuseIfActive(_ files: [String], runner: CommandRunner = CommandRunner()) async throws {
        try ThinTool.require("losetup")
        for file in files {
            let result = try await runner.run(Command("losetup", ["--associated", file]))
            guard result.succeeded else {
                throw PoolFilesError.fileOperationFailed(
                    path: file, operation: "look for loop devices backed by", reason: ThinTool.message(result))
            }
            let devices = result.standardOutput.split(separator: "\n").compactMap { line in
                line.split(separator: ":").first.map(String.init)
            }
            if !devices.isEmpty { throw PoolFilesError.poolActive(file: file, loopDevices: devices) }
        }
    }
}
