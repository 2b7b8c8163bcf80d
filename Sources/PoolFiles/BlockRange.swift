/// A run of consecutive blocks of a thin device stored in consecutive blocks of the pool's data file.
public struct BlockRange: Sendable, Hashable {
    /// The first block in the thin device.
    public let originBegin: UInt64
    /// Where that block lives in the data file.
    public let dataBegin: UInt64
    public let length: UInt64

    public init(originBegin: UInt64, dataBegin: UInt64, length: UInt64) {
        self.originBegin = originBegin
        self.dataBegin = dataBegin
        self.length = length
    }

    /// One past the last data block of the range.
    public var dataEnd: UInt64 { dataBegin + length }
    /// One past the last device block of the range.
    public var originEnd: UInt64 { originBegin + length }

    /// The data blocks `ranges` cover, as sorted, disjoint half-open intervals: snapshots share blocks with their
    /// origin, so ranges of several devices overlap.
    public static func coveredData(_ ranges: [BlockRange]) -> [(begin: UInt64, end: UInt64)] {
        var covered: [(begin: UInt64, end: UInt64)] = []
        for range in ranges.sorted(by: { $0.dataBegin < $1.dataBegin }) where range.length > 0 {
            if let last = covered.last, range.dataBegin <= last.end {
                covered[covered.count - 1].end = max(last.end, range.dataEnd)
            } else {
                covered.append((range.dataBegin, range.dataEnd))
            }
        }
        return covered
    }

    /// `next` continued in both the device and the data file: the two can be one range.
    func isContinued(by next: BlockRange) -> Bool {
        next.originBegin == originEnd && next.dataBegin == dataEnd
    }
}
