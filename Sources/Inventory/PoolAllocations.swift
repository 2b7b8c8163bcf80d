import DockerState
import PoolFiles

/// The data blocks each thin device of a devicemapper pool maps, read once per inventory, and what they say
/// about each layer and each container's writable layer.
struct PoolAllocations {
    /// `pool-files` or `metadata-snapshot` (see `PoolSummary.Allocation.source`).
    let source: String
    let blockSizeBytes: UInt64
    /// thin_dump's mappings, per thin device id.
    let devices: [Int: ThinDeviceMap]
    /// Bytes mapped by active devices, from their thin status: newer than a snapshot taken a moment before.
    var activeMappedBytes: [Int: UInt64] = [:]

    /// Mapped blocks x block size; shared blocks count for every device that maps them.
    func allocatedBytes(deviceID: Int) -> UInt64? {
        if let active = activeMappedBytes[deviceID] { return active }
        return devices[deviceID].map { $0.mappedBlocks * blockSizeBytes }
    }

    /// Bytes of the blocks `deviceID` maps that `lower` (the device it is a snapshot of) does not: what was
    /// written to it since the snapshot, rounded up to blocks.
    func exclusiveBytes(deviceID: Int, lower: Int) -> UInt64? {
        guard let device = devices[deviceID], let below = devices[lower] else { return nil }
        return Self.blocks(of: device.ranges, outside: below.ranges) * blockSizeBytes
    }

    /// Fills in the allocated bytes of every layer and container whose thin device Docker recorded.
    /// `mountIDs`: container ID -> the writable layer's device hash (layerdb/mounts/<id>/mount-id).
    func apply(to state: inout CollectedState, records: DeviceMapperMetadata, mountIDs: [String: String]) {
        func deviceID(_ hash: String?) -> Int? {
            guard let hash, let record = records.devices[hash], !record.deleted else { return nil }
            return record.deviceID
        }
        for imageIndex in state.images.indices {
            for layerIndex in state.images[imageIndex].layers.indices {
                guard let id = deviceID(state.images[imageIndex].layers[layerIndex].cacheID) else { continue }
                state.images[imageIndex].layers[layerIndex].allocatedBytes = allocatedBytes(deviceID: id)
            }
        }
        for index in state.containers.indices where state.containers[index].driver == "devicemapper" {
            let mountID = mountIDs[state.containers[index].id]
            guard let mountID, let id = deviceID(mountID) else { continue }
            state.containers[index].writableLayerAllocatedBytes = allocatedBytes(deviceID: id)
            if let initID = deviceID("\(mountID)-init") {
                state.containers[index].writableLayerBytes = exclusiveBytes(deviceID: id, lower: initID)
            }
        }
    }

    /// Blocks of `ranges` whose data blocks lie outside every range of `lower`.
    static func blocks(of ranges: [BlockRange], outside lower: [BlockRange]) -> UInt64 {
        let covered = BlockRange.coveredData(lower)
        var count: UInt64 = 0
        for range in ranges where range.length > 0 {
            // The first interval that ends after the range begins.
            var low = 0
            var high = covered.count
            while low < high {
                let middle = (low + high) / 2
                if covered[middle].end <= range.dataBegin { low = middle + 1 } else { high = middle }
            }
            var shared: UInt64 = 0
            var index = low
            while index < covered.count && covered[index].begin < range.dataEnd {
                shared += min(covered[index].end, range.dataEnd) - max(covered[index].begin, range.dataBegin)
                index += 1
            }
            count += range.length - shared
        }
        return count
    }
}
