import Testing

@testable import ThinPool

extension ThinPoolTests {
    /// Lines from a Docker 20.10 loop-lvm pool (VM-LAB.md) and the kernel's documented variants.
    @Suite("thin-pool status")
    struct ThinPoolStatusTests {
        /// `dmsetup status` of docker-254:0-131098-pool, a healthy 100 GiB loop-lvm pool.
        static let loopLVM = "50 4270/524288 1512/1638400 - rw discard_passdown queue_if_no_space - 1024"

        @Test("a healthy loop-lvm pool")
        func healthy() throws {
            let status = try ThinPoolStatus.parse(Self.loopLVM)
            #expect(status.mode == .readWrite)
            let usage = try #require(status.usage)
            #expect(usage.transactionID == 50)
            #expect(usage.metadata == BlockUsage(used: 4270, total: 524288))
            #expect(usage.data == BlockUsage(used: 1512, total: 1638400))
            #expect(usage.heldMetadataRoot == nil)
            #expect(usage.discards == .passdown)
            #expect(usage.discardPassdown)
            #expect(usage.errorIfNoSpace == false)
            #expect(usage.needsCheck == false)
            #expect(usage.metadataLowWatermark == 1024)
            #expect(usage.additionalFields.isEmpty)
            #expect(status.isHealthy)
            #expect(status.problems.isEmpty)
        }

        @Test("the kernel's trailing space and a held metadata root")
        func trailingSpaceAndHeldRoot() throws {
            let status = try ThinPoolStatus.parse(
                "50 4270/524288 1512/1638400 117 rw no_discard_passdown error_if_no_space - 1024 ")
            let usage = try #require(status.usage)
            #expect(usage.heldMetadataRoot == 117)
            #expect(usage.discards == .noPassdown)
            #expect(!usage.discardPassdown)
            #expect(usage.errorIfNoSpace)
            #expect(usage.metadataLowWatermark == 1024)
        }

        @Test("a full pool: out_of_data_space, queued and then erroring")
        func full() throws {
            let queued = try ThinPoolStatus.parse(
                "12 351/16384 9600/9600 - out_of_data_space discard_passdown queue_if_no_space - 1024")
            #expect(queued.mode == .outOfDataSpace)
            #expect(queued.usage?.data == BlockUsage(used: 9600, total: 9600))
            #expect(queued.usage?.data.free == 0)
            #expect(!queued.isHealthy)
            // One problem about space, not a second "100% used" saying the same thing.
            #expect(queued.problems.count == 1)
            #expect(queued.problems[0].contains("out of data space"))
            #expect(queued.problems[0].contains("queued"))

            let erroring = try ThinPoolStatus.parse(
                "12 351/16384 9600/9600 - out_of_data_space discard_passdown error_if_no_space - 1024")
            #expect(erroring.usage?.errorIfNoSpace == true)
            #expect(erroring.problems[0].contains("ENOSPC"))
        }

        @Test("a read-only pool whose metadata needs checking")
        func readOnlyNeedsCheck() throws {
            let status = try ThinPoolStatus.parse(
                "71 812/16384 2400/9600 - ro discard_passdown queue_if_no_space needs_check 1024")
            #expect(status.mode == .readOnly)
            #expect(status.usage?.needsCheck == true)
            #expect(status.problems.count == 2)
            #expect(status.problems.contains { $0.contains("read-only") })
            #expect(status.problems.contains { $0.contains("needs_check") && $0.contains("thin_check") })
        }

        @Test("Fail and Error carry no counters")
        func failed() throws {
            let failed = try ThinPoolStatus.parse("Fail")
            #expect(failed.mode == .failed)
            #expect(failed.usage == nil)
            #expect(failed.problems.count == 1)
            #expect(failed.problems[0].contains("failed"))

            let error = try ThinPoolStatus.parse("Error ")
            #expect(error.mode == .metadataUnreadable)
            #expect(error.usage == nil)
            #expect(!error.isHealthy)
        }

        @Test("nearly full data and metadata are problems above 90%")
        func nearlyFull() throws {
            let data = try ThinPoolStatus.parse("3 10/100 9100/10000 - rw discard_passdown queue_if_no_space - 25")
            #expect(data.problems == ["data space is 91.0% used (9100 of 10000 blocks)"])

            let metadata = try ThinPoolStatus.parse("3 95/100 10/10000 - rw discard_passdown queue_if_no_space - 25")
            #expect(metadata.problems == ["metadata space is 95.0% used (95 of 100 blocks)"])

            let exactlyNinety = try ThinPoolStatus.parse(
                "3 90/100 9000/10000 - rw discard_passdown queue_if_no_space - 25")
            #expect(exactlyNinety.isHealthy)
        }

        @Test("lines from older kernels, which stop after fewer fields, take the kernel defaults")
        func olderKernels() throws {
            let noWatermark = try ThinPoolStatus.parse(
                "50 4270/524288 1512/1638400 - rw discard_passdown queue_if_no_space -")
            #expect(noWatermark.usage?.metadataLowWatermark == nil)
            #expect(noWatermark.usage?.needsCheck == false)

            let modeOnly = try ThinPoolStatus.parse("50 4270/524288 1512/1638400 - rw")
            let usage = try #require(modeOnly.usage)
            #expect(usage.discards == .passdown)
            #expect(usage.errorIfNoSpace == false)
            #expect(usage.needsCheck == false)
            #expect(usage.metadataLowWatermark == nil)
        }

        @Test("fields from newer kernels are kept, not rejected")
        func newerKernels() throws {
            let status = try ThinPoolStatus.parse(Self.loopLVM + " some_new_flag")
            #expect(status.usage?.additionalFields == ["some_new_flag"])
            #expect(status.usage?.discards == .passdown)
            let ignoring = try ThinPoolStatus.parse("1 1/2 1/2 - rw ignore_discard queue_if_no_space - 1")
            #expect(ignoring.usage?.discards == .ignored)
        }

        @Test(
            "malformed text is a parse error that quotes it",
            arguments: [
                ("", "at least 5 fields"),
                ("   ", "at least 5 fields"),
                ("50 4270/524288", "at least 5 fields"),
                ("Fail now", "at least 5 fields"),
                ("fail", "at least 5 fields"),
                ("x 4270/524288 1512/1638400 - rw", "transaction id \"x\""),
                ("-5 4270/524288 1512/1638400 - rw", "transaction id \"-5\""),
                ("+5 4270/524288 1512/1638400 - rw", "transaction id \"+5\""),
                ("50 4270-524288 1512/1638400 - rw", "<used>/<total>"),
                ("50 4270/524288/1 1512/1638400 - rw", "<used>/<total>"),
                ("50 4270/ 1512/1638400 - rw", "total metadata blocks \"\""),
                ("50 4270/524288 1512/0 - rw", "total of zero"),
                ("50 600/500 1512/1638400 - rw", "more used than total"),
                ("50 4270/524288 1512/1638400 root rw", "held metadata root \"root\""),
                ("50 4270/524288 1512/1638400 - sideways", "mode \"sideways\""),
                ("50 4270/524288 1512/1638400 - RW", "mode \"RW\""),
                ("50 4270/524288 1512/1638400 - rw discard", "discard field \"discard\""),
                ("50 4270/524288 1512/1638400 - rw discard_passdown queue", "no-space field \"queue\""),
                ("50 4270/524288 1512/1638400 - rw discard_passdown queue_if_no_space check", "check field \"check\""),
                ("50 4270/524288 1512/1638400 - rw discard_passdown queue_if_no_space - low", "low watermark \"low\""),
                ("99999999999999999999 1/2 1/2 - rw", "transaction id"),
            ])
        func malformed(text: String, reason: String) throws {
            let error = try #require(throws: ThinPoolError.self) { try ThinPoolStatus.parse(text) }
            guard case .unparsable(let what, let quoted, let why) = error else {
                Issue.record("expected .unparsable, got \(error)")
                return
            }
            #expect(what == "thin-pool status")
            #expect(quoted == text)
            #expect(why.contains(reason), "reason was: \(why)")
            #expect(error.description.contains("cannot parse thin-pool status \"\(text)\""))
        }
    }
}
