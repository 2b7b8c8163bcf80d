/// A thin pool's table and status together: sizes in bytes and what is wrong, for the inventory.
public struct ThinPoolHealth: Sendable, Hashable {
    public let poolName: String
    /// The pool target's length in 512-byte sectors (the data device's size).
    public let sizeSectors: UInt64
    public let table: ThinPoolTable
    public let status: ThinPoolStatus

    public init(poolName: String, sizeSectors: UInt64, table: ThinPoolTable, status: ThinPoolStatus) {
        self.poolName = poolName
        self.sizeSectors = sizeSectors
        self.table = table
        self.status = status
    }

    /// From the pool's `thin-pool` table and status lines (read live, or captured `dmsetup` output).
    public init(poolName: String, tableLine: TargetLine, statusLine: TargetLine) throws(ThinPoolError) {
        for line in [tableLine, statusLine] where line.targetType != "thin-pool" {
            throw .wrongTargetType(device: poolName, expected: "thin-pool", found: [line.targetType])
        }
        self.init(
            poolName: poolName,
            sizeSectors: tableLine.length,
            table: try ThinPoolTable.parse(tableLine.params),
            status: try ThinPoolStatus.parse(statusLine.params)
        )
    }

    public var dataBlockBytes: UInt64 { table.dataBlockBytes }
    public var metadataBlockBytes: UInt64 { ThinPoolUsage.metadataBlockBytes }

    /// Data blocks used/total; nil when the pool reports no counters (Fail, Error).
    public var data: BlockUsage? { status.usage?.data }
    /// Metadata blocks used/total; nil when the pool reports no counters (Fail, Error).
    public var metadata: BlockUsage? { status.usage?.metadata }

    public var dataUsedBytes: UInt64? { data?.usedBytes(blockBytes: dataBlockBytes) }
    public var dataTotalBytes: UInt64? { data?.totalBytes(blockBytes: dataBlockBytes) }
    public var dataFreeBytes: UInt64? { data?.freeBytes(blockBytes: dataBlockBytes) }
    public var metadataUsedBytes: UInt64? { metadata?.usedBytes(blockBytes: metadataBlockBytes) }
    public var metadataTotalBytes: UInt64? { metadata?.totalBytes(blockBytes: metadataBlockBytes) }
    public var metadataFreeBytes: UInt64? { metadata?.freeBytes(blockBytes: metadataBlockBytes) }

    /// The status's problems, plus free data below the table's low-water mark. A pool loaded with the
    /// read_only feature is read-only on purpose, which is not a problem.
    public var problems: [String] {
        var problems = status.problems(readOnlyOnPurpose: table.isReadOnly)
        if let data, status.mode == .readWrite, data.free < table.lowWaterMarkBlocks {
            problems.append(
                "free data space (\(data.free) blocks) is below the pool's low-water mark "
                    + "(\(table.lowWaterMarkBlocks) blocks): the pool is about to run out; grow it or free space")
        }
        return problems
    }

    public var isHealthy: Bool { problems.isEmpty }
}
