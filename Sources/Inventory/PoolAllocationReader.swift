import HostSystem
import PoolFiles
import ThinPool

/// Reads how many pool blocks each thin device maps, from the best source the pool's state allows, or says why
/// it cannot: a stopped pool's metadata file (already dumped for its usage), else a metadata snapshot of the
/// live pool (only while it is healthy: a full, read-only or failed pool is not asked to write a snapshot).
struct PoolAllocationReader {
    let findings: PoolInspector.Findings
    var runner = CommandRunner()
    var scratchDirectory = "/var/tmp"

    func read() async -> (PoolAllocations?, PoolSummary.Allocation) {
        if let map = findings.stoppedPoolMap {
            let blockSize = map.superblock.blockSizeBytes
            return (
                PoolAllocations(source: "pool-files", blockSizeBytes: blockSize, devices: map.devices),
                PoolSummary.Allocation(source: "pool-files", blockSizeBytes: blockSize)
            )
        }
        guard let health = findings.health else {
            let why = findings.summary.liveStatusUnavailable.map { "the live pool could not be asked: \($0)" }
            return (nil, unknown(why ?? "neither the live pool nor its metadata file could be read"))
        }
        guard case .readWrite = health.status.mode else {
            return (
                nil,
                unknown(
                    "the pool is not healthy (\(PoolInspector.word(for: health.status.mode))): drivershift takes a metadata snapshot "
                        + "only of a pool in rw mode, as the snapshot itself needs metadata space and writes")
            )
        }
        if let held = health.status.usage?.heldMetadataRoot {
            return (
                nil,
                unknown(
                    "another program holds a metadata snapshot of the pool (root block \(held)); drivershift neither "
                        + "reads nor releases someone else's snapshot")
            )
        }
        let snapshot = PoolMetadataSnapshot(
            poolName: health.poolName, metadataDevice: health.table.metadataDevice, runner: runner,
            scratchDirectory: scratchDirectory)
        do {
            let map = try await snapshot.read()
            let blockSize = health.dataBlockBytes
            var allocations = PoolAllocations(
                source: "metadata-snapshot", blockSizeBytes: blockSize, devices: map.devices)
            allocations.activeMappedBytes = Self.activeMappedBytes(poolName: health.poolName)
            return (allocations, PoolSummary.Allocation(source: "metadata-snapshot", blockSizeBytes: blockSize))
        } catch {
            return (nil, unknown(error.description))
        }
    }

    private func unknown(_ reason: String) -> PoolSummary.Allocation {
        PoolSummary.Allocation(unavailable: "per-device allocated bytes are unknown: \(reason)")
    }

    /// Mapped bytes of the pool's active thin devices (mounted containers), by device id, from their thin status:
    /// `thin <pool major:minor> <device id>` tables name the pool and the id. Best effort: a device that goes
    /// away meanwhile is left out, and the snapshot's figure stands for it.
    static func activeMappedBytes(poolName: String, client: DeviceMapperClient = DeviceMapperClient()) -> [Int: UInt64]
    {
        guard let pool = try? client.info(of: poolName),
            let devices = try? client.thinDevices(onPool: "\(pool.major):\(pool.minor)")
        else { return [:] }
        var bytes: [Int: UInt64] = [:]
        for device in devices {
            guard let mapped = (try? client.thinDeviceStatus(of: device.name))?.mappedBytes else { continue }
            bytes[device.deviceID] = mapped
        }
        return bytes
    }
}
