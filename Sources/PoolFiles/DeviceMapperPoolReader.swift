import DockerState
import Foundation
import HostSystem
import ThinPool

/// A stopped Docker's devicemapper pool read through the kernel (libdevmapper), the first way when the kernel
/// has device-mapper: each layer's thin device is activated read-only from the pool, mounted read-only in a
/// private namespace, handed over as its `rootfs/`, then unmounted and removed.
///
/// The pool is Docker's own when it is active (direct-lvm; or a loop-lvm pool a dead daemon left), provided no
/// dockerd runs and none of its thin devices is active; otherwise a read-only pool of ours over the pool's files
/// (thin_checked first), removed again by `close()`.
public struct DeviceMapperPoolReader: Sendable {
    public let pool: ActivatedPool
    public let deviceRecords: DeviceMapperMetadata
    /// thin_dump's view when the pool was opened from its files: devices are checked before activation.
    public let map: ThinPoolMap?
    /// Where mount points are made.
    public let scratchDirectory: String
    public let runner: CommandRunner

    /// Opens Docker's pool `poolName` if active (or, with no `files`, the active pool holding Docker's transaction
    /// id), else a read-only pool over `files`; sweeps devices a killed run left first.
    public static func open(
        poolName: String?, files: (data: String, metadata: String)?, deviceRecords: DeviceMapperMetadata,
        scratchDirectory: String, runner: CommandRunner = CommandRunner()
    ) async throws -> DeviceMapperPoolReader {
        try DeviceMapperClient().availability().requireAvailable(for: "read the pool through device-mapper")
        try await StaleDeviceSweep.run()
        var active = try poolName.flatMap { try ActivatedPool.existing(name: $0) }
        // Not configured where the inventory can read it, and no pool files: Docker's pool by its transaction id.
        if active == nil, files == nil, let transaction = deviceRecords.openTransactionID {
            active = try ActivatedPool.discover(transactionID: transaction)
        }
        if let pool = active {
            let poolName = pool.name
            let daemons = RunningDockerd.pids()
            if !daemons.isEmpty { throw PoolFilesError.daemonRunning(pool: poolName, pids: daemons) }
            let busy = try pool.activeThinDevices()
            if !busy.isEmpty { throw PoolFilesError.poolDevicesActive(pool: poolName, devices: busy) }
            return DeviceMapperPoolReader(
                pool: pool, deviceRecords: deviceRecords, map: nil, scratchDirectory: scratchDirectory, runner: runner)
        }
        guard let files else {
            throw PoolFilesError.poolUnavailable(
                pool: poolName,
                reason: "it is not active and its data and metadata files are not known; activate its volume group "
                    + "(`vgchange -ay docker`) or give --pool-files DATA METADATA")
        }
        for file in [files.data, files.metadata] where !FileManager.default.fileExists(atPath: file) {
            throw PoolFilesError.poolUnavailable(
                pool: poolName, reason: "it is not active and \(file) does not exist; give --pool-files DATA METADATA")
        }
        let map = try await PoolFilesReader.map(
            dataFile: files.data, metadataFile: files.metadata, scratchDirectory: scratchDirectory, runner: runner)
        let pool = try await ActivatedPool.create(
            dataFile: files.data, metadataFile: files.metadata, superblock: map.superblock, runner: runner)
        return DeviceMapperPoolReader(
            pool: pool, deviceRecords: deviceRecords, map: map, scratchDirectory: scratchDirectory, runner: runner)
    }

    /// Runs `body` with the `rootfs/` of the layer device `hash` (a layer's cache-id), activated and mounted
    /// read-only; unmounts and removes the device afterwards, also when `body` throws or the task is cancelled.
    public func withDevice<T>(hash: String, _ body: (String) async throws -> T) async throws -> T {
        guard let record = deviceRecords.devices[hash] else {
            throw PoolFilesError.unknownLayerDevice(hash: hash, reason: "Docker has no record of this device")
        }
        guard !record.deleted else {
            throw PoolFilesError.unknownLayerDevice(hash: hash, reason: "Docker's record says the device was deleted")
        }
        if let map, map.devices[record.deviceID] == nil {
            throw PoolFilesError.deviceNotInPool(hash: hash, deviceID: record.deviceID, metadataFile: pool.name)
        }
        guard let filesystem = deviceRecords.baseDeviceFilesystem, !filesystem.isEmpty else {
            throw PoolFilesError.unsupportedFilesystem(
                "unknown (deviceset-metadata records none)", image: "layer device \(hash)")
        }
        let label = "thin device \(record.deviceID) (layer device \(hash))"
        let options = try ReadOnlyLoopMount.mountOptions(for: filesystem, image: label)
        let name = "\(ActivatedPool.namePrefix)\(getpid())-thin-\(record.deviceID)"
        let table = TargetLine(
            start: 0, length: record.sizeBytes / 512, targetType: "thin",
            params: "\(pool.deviceNumber) \(record.deviceID)")
        let poolName = pool.name
        return try await HeldMount.withMounted(
            filesystem: filesystem, options: options, label: label, scratchDirectory: scratchDirectory, runner: runner,
            attach: {
                let info: MappedDeviceInfo
                do {
                    info = try DeviceMapperClient().createDevice(name, targets: [table], readOnly: true)
                } catch {
                    throw PoolFilesError.deviceMapperFailed(
                        what: "activate \(label) read-only from the pool \(poolName)", message: "\(error)")
                }
                let node = "/dev/mapper/\(name)"
                // udev makes /dev/mapper/<name>; without udev, devtmpfs still has the kernel's own node.
                return (
                    node: FileManager.default.fileExists(atPath: node) ? node : "/dev/dm-\(info.minor)",
                    device: .mapped(name: name)
                )
            }
        ) { mountPoint in
            try await PoolFilesReader.withRootfs(in: mountPoint, hash: hash, body)
        }
    }

    /// Removes our read-only pool (Docker's own stays as it was); nil when nothing is left behind.
    public func close() async -> PoolFilesError? {
        await Task.detached { [pool] in await pool.remove() }.value
    }
}
