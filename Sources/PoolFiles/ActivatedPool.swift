import Foundation
import HostSystem
import ThinPool

#if canImport(Glibc)
    import Glibc
#endif

/// The thin pool layer devices are activated from, on a kernel with device-mapper: Docker's own pool when it is
/// already active (direct-lvm: LVM activates it; loop-lvm: a daemon that died left it), or a pool of ours,
/// created read-only over read-only loop devices of the pool's files, and removed again afterwards.
public struct ActivatedPool: Sendable {
    /// Names of what this process creates carry its pid, so a later run can tell leftovers of a dead run.
    public static let namePrefix = "drivershift-"

    public let name: String
    /// "major:minor": how the kernel writes the pool in a thin device's table.
    public let deviceNumber: String
    /// The key of a pool of ours (created, and removed, by this process) in `ActiveLoopMounts`, so an interrupt
    /// removes it too; nil for Docker's pool, which is left as it was.
    let key: UInt64?

    /// Docker's pool `name` when the kernel has it active; nil when it is not.
    static func existing(name: String) throws -> ActivatedPool? {
        do {
            let info = try DeviceMapperClient().info(of: name)
            return ActivatedPool(name: name, deviceNumber: "\(info.major):\(info.minor)", key: nil)
        } catch .noSuchDevice {
            return nil
        }
    }

    /// The one active thin pool whose transaction id is the one Docker's records hold open, when Docker's pool is
    /// not known by name (a direct-lvm daemon configured on its command line only, now stopped): dockerd keeps
    /// `transaction-metadata` equal to its pool's transaction id. nil when no pool matches; more than one is an
    /// error that lists them.
    static func discover(transactionID: Int) throws -> ActivatedPool? {
        let client = DeviceMapperClient()
        let matching = try client.listDevices().map(\.name).filter { name in
            guard !name.hasPrefix(namePrefix), let health = try? client.poolHealth(poolName: name) else { return false }
            return health.status.usage?.transactionID == UInt64(transactionID)
        }
        guard let name = matching.first else { return nil }
        guard matching.count == 1 else {
            throw PoolFilesError.poolUnavailable(
                pool: nil,
                reason: "several active thin pools (\(matching.joined(separator: ", "))) have Docker's transaction id "
                    + "\(transactionID); name Docker's in its configuration (dm.thinpooldev)")
        }
        return try existing(name: name)
    }

    /// A read-only pool of ours over `dataFile` and `metadataFile` (already thin_checked), on read-only loop
    /// devices. The `read_only` feature keeps the kernel from writing metadata or allocating blocks, and the thin
    /// devices on it have read-only tables, so nothing writes. (The pool's own table cannot be marked read-only:
    /// the kernel refuses thin-pool in a read-only table, "target type may not be included in a read-only table".)
    static func create(dataFile: String, metadataFile: String, superblock: ThinSuperblock, runner: CommandRunner)
        async throws -> ActivatedPool
    {
        let needed = superblock.dataBlockCount * superblock.blockSizeBytes
        let dataSize = (try FileFacts.of(dataFile))?.apparentBytes ?? 0
        guard dataSize >= needed else {
            throw PoolFilesError.dataFileTooShort(
                device: "the pool", dataBlock: superblock.dataBlockCount - 1,
                blockSizeBytes: superblock.blockSizeBytes, neededBytes: needed, dataFile: dataFile,
                fileSizeBytes: dataSize)
        }
        let name = "\(namePrefix)\(getpid())-pool"
        // Counted as a setup from the first loop device on: an interrupt waits for it to be registered or undone.
        guard ActiveLoopMounts.beginSetup() else { throw CancellationError() }
        defer { ActiveLoopMounts.endSetup() }
        let metadataLoop = try await attach(metadataFile, runner: runner)
        let dataLoop: String
        do {
            dataLoop = try await attach(dataFile, runner: runner)
        } catch {
            _ = await LoopRelease.wait(loopDevice: metadataLoop, image: metadataFile, runner: runner)
            throw error
        }
        // The pool's length is exactly the data blocks its metadata knows: a longer table would make the kernel
        // try to grow the pool, which is a metadata write.
        let table = TargetLine(
            start: 0, length: superblock.dataBlockCount * superblock.dataBlockSizeSectors, targetType: "thin-pool",
            params: "\(metadataLoop) \(dataLoop) \(superblock.dataBlockSizeSectors) 0 1 read_only")
        let info: MappedDeviceInfo
        do {
            info = try DeviceMapperClient().createDevice(name, targets: [table], readOnly: false)
        } catch {
            _ = await LoopRelease.wait(loopDevice: dataLoop, image: dataFile, runner: runner)
            _ = await LoopRelease.wait(loopDevice: metadataLoop, image: metadataFile, runner: runner)
            throw PoolFilesError.deviceMapperFailed(
                what: "create a read-only pool \(name) over \(dataFile) and \(metadataFile)", message: "\(error)")
        }
        // Detached while the pool holds them, the loop devices go by themselves when the pool does.
        for loop in [dataLoop, metadataLoop] { _ = try? await runner.run(Command("losetup", ["--detach", loop])) }
        return ActivatedPool(
            name: name, deviceNumber: "\(info.major):\(info.minor)", key: ActiveLoopMounts.register(poolNamed: name))
    }

    private static func attach(_ file: String, runner: CommandRunner) async throws -> String {
        let attached = try await runner.run(ReadOnlyLoopMount.attachCommand(image: file))
        let loop = attached.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard attached.succeeded, loop.hasPrefix("/dev/") else {
            throw PoolFilesError.attachFailed(image: file, message: ThinTool.message(attached))
        }
        return loop
    }

    /// Active thin devices on this pool other than ours (Docker's: a running container, a mounted layer).
    func activeThinDevices() throws -> [String] {
        let ours = "\(Self.namePrefix)\(getpid())-"
        return try DeviceMapperClient().thinDevices(onPool: deviceNumber).map(\.name).filter { !$0.hasPrefix(ours) }
            .sorted()
    }

    /// Removes our pool (its loop devices go with it); Docker's is left as it was. nil when nothing is left.
    func remove() async -> PoolFilesError? {
        guard let key else { return nil }
        return await ActiveLoopMounts.release(pool: key)
    }

    static func removeDevice(_ name: String) async -> PoolFilesError? {
        guard await HeldMount.letGo(.mapped(name: name), runner: CommandRunner()) else {
            return .cleanupFailed(
                what: "the read-only pool \(name)", message: "it is still in use (`dmsetup info \(name)`)")
        }
        return nil
    }
}
