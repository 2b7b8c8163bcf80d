import Testing

@testable import ThinPool

extension ThinPoolTests {
    @Suite("dmsetup lines and device numbers")
    struct TargetLineTests {
        @Test("a dmsetup status line with the device name in front")
        func withName() throws {
            let line = try TargetLine.parse(
                "docker-254:0-131098-pool: 0 209715200 thin-pool 50 4270/524288 1512/1638400 - rw "
                    + "discard_passdown queue_if_no_space - 1024 ")
            #expect(line.start == 0)
            #expect(line.length == 209_715_200)
            #expect(line.targetType == "thin-pool")
            #expect(line.params == ThinPoolStatusTests.loopLVM)
        }

        @Test("a target without params")
        func noParams() throws {
            let line = try TargetLine.parse("0 2048 error")
            #expect(line == TargetLine(start: 0, length: 2048, targetType: "error", params: ""))
        }

        @Test("malformed lines", arguments: ["", "hello", "0 abc thin-pool 1 2", "x: 0", "zero 12 thin"])
        func malformed(text: String) throws {
            let error = try #require(throws: ThinPoolError.self) { try TargetLine.parse(text) }
            guard case .unparsable(let what, let quoted, _) = error else {
                Issue.record("expected .unparsable, got \(error)")
                return
            }
            #expect(what == "target line")
            #expect(quoted == text)
        }

        @Test("the dm ioctl's device numbers split like libdevmapper's MAJOR/MINOR")
        func deviceNumbers() {
            #expect(MappedDevice(name: "a", encodedDevice: 0xfd00) == MappedDevice(name: "a", major: 253, minor: 0))
            // new_encode_dev(253, 300): minor's low byte, major << 8, the rest of minor << 12.
            let encoded: UInt64 = (300 & 0xff) | (253 << 8) | ((300 & ~0xff) << 12)
            #expect(MappedDevice(name: "b", encodedDevice: encoded) == MappedDevice(name: "b", major: 253, minor: 300))
        }
    }
}
