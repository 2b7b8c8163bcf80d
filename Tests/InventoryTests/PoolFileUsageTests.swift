import PoolFiles
import Testing

@testable import Inventory

/// A pool's used data blocks, counted from thin_dump's mappings: blocks a snapshot shares with its origin count
/// once, as the pool's space map counts them.
@Suite struct PoolFileUsageTests {
    @Test func sharedAndAdjacentBlocksCountOnce() {
        let ranges = [
            BlockRange(originBegin: 0, dataBegin: 10, length: 5),  // origin: 10..<15
            BlockRange(originBegin: 0, dataBegin: 10, length: 3),  // snapshot shares 10..<13
            BlockRange(originBegin: 3, dataBegin: 14, length: 4),  // overlaps 14, adds 15..<18
            BlockRange(originBegin: 9, dataBegin: 30, length: 1),  // apart
        ]
        #expect(PoolFileUsage.distinctDataBlocks(ranges) == 9)
    }

    @Test func noMappingsIsNothingUsed() {
        #expect(PoolFileUsage.distinctDataBlocks([]) == 0)
    }
}
