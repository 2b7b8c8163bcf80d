import Testing

@testable import ThinPool

extension ThinPoolTests {
    @Suite("thin pool health")
    struct ThinPoolHealthTests {
        static let table = "0 209715200 thin-pool 7:1 7:0 128 32768 1 skip_block_zeroing"
        static let status = "0 209715200 thin-pool " + ThinPoolStatusTests.loopLVM

        @Test("Docker's loop-lvm pool in bytes")
        func loopLVM() throws {
            let health = try ThinPoolHealth(
                poolName: "docker-254:0-131098-pool", tableLine: TargetLine.parse(Self.table),
                statusLine: TargetLine.parse(Self.status))
            #expect(health.sizeSectors == 209_715_200)
            #expect(health.dataBlockBytes == 65536)
            #expect(health.dataTotalBytes == 107_374_182_400)  // the 100 GiB sparse data file
            #expect(health.dataTotalBytes == health.sizeSectors * 512)
            #expect(health.dataUsedBytes == 1512 * 65536)
            #expect(health.dataFreeBytes == (1_638_400 - 1512) * 65536)
            #expect(health.metadataTotalBytes == 2_147_483_648)  // the 2 GiB metadata file
            #expect(health.metadataUsedBytes == 4270 * 4096)
            #expect(health.metadataFreeBytes == (524_288 - 4270) * 4096)
            let data = try #require(health.data)
            #expect(abs(data.usedPercent - 0.09228515625) < 1e-9)
            #expect(abs(data.freePercent - 99.90771484375) < 1e-9)
            #expect(health.isHealthy)
        }

        @Test("free data below the table's low-water mark is a problem")
        func belowLowWaterMark() throws {
            let health = try ThinPoolHealth(
                poolName: "pool",
                tableLine: TargetLine.parse("0 1228800 thin-pool 7:1 7:0 128 2000 0"),
                statusLine: TargetLine.parse(
                    "0 1228800 thin-pool 5 10/1000 8000/9600 - rw discard_passdown queue_if_no_space - 250"))
            #expect(health.problems.count == 1)
            #expect(health.problems[0].contains("low-water mark"))
        }

        @Test("a full pool is one problem about space")
        func full() throws {
            let health = try ThinPoolHealth(
                poolName: "pool",
                tableLine: TargetLine.parse("0 1228800 thin-pool 7:1 7:0 128 32768 1 skip_block_zeroing"),
                statusLine: TargetLine.parse(
                    "0 1228800 thin-pool 12 351/16384 9600/9600 - out_of_data_space discard_passdown "
                        + "queue_if_no_space - 1024"))
            #expect(health.dataFreeBytes == 0)
            #expect(health.problems.count == 1)
            #expect(health.problems[0].contains("out of data space"))
        }

        @Test("read-only because the table asked for it is not a problem")
        func readOnlyOnPurpose() throws {
            let status = "0 1228800 thin-pool 5 10/1000 100/9600 - ro discard_passdown queue_if_no_space - 250"
            let onPurpose = try ThinPoolHealth(
                poolName: "pool", tableLine: TargetLine.parse("0 1228800 thin-pool 7:1 7:0 128 0 1 read_only"),
                statusLine: TargetLine.parse(status))
            #expect(onPurpose.isHealthy)
            let forced = try ThinPoolHealth(
                poolName: "pool", tableLine: TargetLine.parse("0 1228800 thin-pool 7:1 7:0 128 0 0"),
                statusLine: TargetLine.parse(status))
            #expect(forced.problems.count == 1)
        }

        @Test("a failed pool has no sizes, one problem")
        func failed() throws {
            let health = try ThinPoolHealth(
                poolName: "pool", tableLine: TargetLine.parse(Self.table),
                statusLine: TargetLine.parse("0 209715200 thin-pool Fail"))
            #expect(health.data == nil)
            #expect(health.dataUsedBytes == nil)
            #expect(health.metadataTotalBytes == nil)
            #expect(health.problems.count == 1)
        }

        @Test("a line of another target type is not a thin pool")
        func notAThinPool() throws {
            let error = try #require(throws: ThinPoolError.self) {
                try ThinPoolHealth(
                    poolName: "docker-thinpool_tdata", tableLine: TargetLine.parse("0 2048 linear 7:0 0"),
                    statusLine: TargetLine.parse("0 2048 linear"))
            }
            #expect(
                error == .wrongTargetType(device: "docker-thinpool_tdata", expected: "thin-pool", found: ["linear"]))
            #expect(error.description.contains("docker-thinpool_tdata is not a thin pool (targets: linear)"))
        }
    }
}
