import Foundation
import PoolFiles

/// A stopped pool read from its metadata file alone (thin_check, then thin_dump): what the pool holds when no
/// device-mapper can be asked, as on a kernel without it or for a pool copied off its host.
struct PoolFileUsage {
    let dataFile: String
    let metadataFile: String

    /// The pool's mappings and its usage from them; nil when the pool is in use: its metadata changes under a
    /// reader, and the kernel's numbers are the truth.
    func read() async throws -> (usage: PoolSummary.Usage, map: ThinPoolMap)? {
        let pool: ThinPoolMap
        do {
            pool = try await PoolFilesReader.map(dataFile: dataFile, metadataFile: metadataFile)
        } catch PoolFilesError.poolActive {
            return nil
        }
        return (Self.usage(of: pool), pool)
    }

    static func usage(of pool: ThinPoolMap) -> PoolSummary.Usage {
        let blockSize = pool.superblock.blockSizeBytes
        let used = Self.distinctDataBlocks(pool.devices.values.flatMap(\.ranges)) * blockSize
        let total = pool.superblock.dataBlockCount * blockSize
        return PoolSummary.Usage(
            source: "pool-files", dataUsedBytes: used, dataTotalBytes: total,
            dataFreePercent: total == 0 ? nil : Double(total - min(used, total)) / Double(total) * 100,
            transactionID: pool.superblock.transaction)
    }

    /// Data blocks the pool has handed out: snapshots share blocks with their origin, so overlapping ranges
    /// count once.
    static func distinctDataBlocks(_ ranges: [BlockRange]) -> UInt64 {
        BlockRange.coveredData(ranges).reduce(0) { $0 + $1.end - $1.begin }
    }
}
