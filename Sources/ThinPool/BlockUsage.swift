/// Used and total blocks of one of a pool's two spaces (data or metadata), as the kernel counts them.
public struct BlockUsage: Sendable, Hashable {
    public let used: UInt64
    public let total: UInt64

    public init(used: UInt64, total: UInt64) {
        self.used = used
        self.total = total
    }

    public var free: UInt64 { total >= used ? total - used : 0 }

    /// 0 ... 100; 0 for an empty total.
    public var usedPercent: Double {
        total == 0 ? 0 : Double(used) / Double(total) * 100
    }

    public var freePercent: Double { total == 0 ? 0 : 100 - usedPercent }

    public func usedBytes(blockBytes: UInt64) -> UInt64 { Self.bytes(used, blockBytes) }
    public func totalBytes(blockBytes: UInt64) -> UInt64 { Self.bytes(total, blockBytes) }
    public func freeBytes(blockBytes: UInt64) -> UInt64 { Self.bytes(free, blockBytes) }

    /// "93.8% used (9000 of 9600 blocks)", one decimal, for problem texts.
    var summary: String {
        "\(Self.percentText(usedPercent)) used (\(used) of \(total) blocks)"
    }

    static func percentText(_ percent: Double) -> String {
        let tenths = Int((percent * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Saturates rather than traps: no real pool comes near 2^64 bytes, and a report must not crash.
    private static func bytes(_ blocks: UInt64, _ blockBytes: UInt64) -> UInt64 {
        let (product, overflow) = blocks.multipliedReportingOverflow(by: blockBytes)
        return overflow ? UInt64.max : product
    }
}
