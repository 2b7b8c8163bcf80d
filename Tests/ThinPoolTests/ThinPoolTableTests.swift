import Testing

@testable import ThinPool

extension ThinPoolTests {
    @Suite("thin-pool table")
    struct ThinPoolTableTests {
        @Test("Docker's loop-lvm pool: 64 KiB blocks, skip_block_zeroing")
        func loopLVM() throws {
            let line = try TargetLine.parse("0 209715200 thin-pool 7:1 7:0 128 32768 1 skip_block_zeroing")
            #expect(line.start == 0)
            #expect(line.length == 209_715_200)
            #expect(line.targetType == "thin-pool")
            let table = try ThinPoolTable.parse(line.params)
            #expect(table.metadataDevice == "7:1")
            #expect(table.dataDevice == "7:0")
            #expect(table.dataBlockSectors == 128)
            #expect(table.dataBlockBytes == 65536)
            #expect(table.lowWaterMarkBlocks == 32768)
            #expect(table.features == ["skip_block_zeroing"])
            #expect(table.skipsBlockZeroing)
            #expect(!table.isReadOnly)
        }

        @Test("no feature count, zero features, several features")
        func features() throws {
            let bare = try ThinPoolTable.parse("253:2 253:3 1024 0")
            #expect(bare.features.isEmpty)
            #expect(bare.dataBlockBytes == 512 * 1024)
            let zero = try ThinPoolTable.parse("253:2 253:3 1024 0 0 ")
            #expect(zero.features.isEmpty)
            let several = try ThinPoolTable.parse(
                "253:2 253:3 1024 80 3 skip_block_zeroing read_only error_if_no_space")
            #expect(several.features == ["skip_block_zeroing", "read_only", "error_if_no_space"])
            #expect(several.isReadOnly)
        }

        @Test(
            "malformed tables name the text",
            arguments: [
                ("", "at least 4 fields"),
                ("7:1 7:0 128", "at least 4 fields"),
                ("7:1 7:0 big 32768", "data block size \"big\""),
                ("7:1 7:0 0 32768", "data block size is zero"),
                ("7:1 7:0 128 -1", "low water mark \"-1\""),
                ("7:1 7:0 128 32768 2 skip_block_zeroing", "says 2 but 1 features follow"),
                ("7:1 7:0 128 32768 0 skip_block_zeroing", "says 0 but 1 features follow"),
                ("7:1 7:0 128 32768 one skip_block_zeroing", "feature count \"one\""),
            ])
        func malformed(text: String, reason: String) throws {
            let error = try #require(throws: ThinPoolError.self) { try ThinPoolTable.parse(text) }
            guard case .unparsable(let what, let quoted, let why) = error else {
                Issue.record("expected .unparsable, got \(error)")
                return
            }
            #expect(what == "thin-pool table")
            #expect(quoted == text)
            #expect(why.contains(reason), "reason was: \(why)")
        }
    }
}
