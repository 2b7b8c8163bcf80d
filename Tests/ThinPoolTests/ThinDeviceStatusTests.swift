import Testing

@testable import ThinPool

extension ThinPoolTests {
    @Suite("thin device status")
    struct ThinDeviceStatusTests {
        @Test("mapped sectors and the highest mapped sector")
        func active() throws {
            let status = try ThinDeviceStatus.parse("2097152 20971519")
            #expect(status == .active(mappedSectors: 2_097_152, highestMappedSector: 20_971_519))
            #expect(status.mappedBytes == 1_073_741_824)
        }

        @Test("an empty thin device has no highest sector")
        func empty() throws {
            let status = try ThinDeviceStatus.parse("0 -")
            #expect(status == .active(mappedSectors: 0, highestMappedSector: nil))
            #expect(status.mappedBytes == 0)
        }

        @Test("Fail, Error and a detached device")
        func oneWordForms() throws {
            #expect(try ThinDeviceStatus.parse("Fail") == .failed)
            #expect(try ThinDeviceStatus.parse("Error") == .metadataUnreadable)
            #expect(try ThinDeviceStatus.parse("-") == .detached)
            #expect(try ThinDeviceStatus.parse("Fail").mappedBytes == nil)
        }

        @Test(
            "malformed thin status names the text",
            arguments: [
                ("", "found 0 fields"),
                ("12", "found 1 fields"),
                ("1 2 3", "found 3 fields"),
                ("a 12", "mapped sector count \"a\""),
                ("12 b", "highest mapped sector \"b\""),
                ("128 -", "no highest mapped sector"),
            ])
        func malformed(text: String, reason: String) throws {
            let error = try #require(throws: ThinPoolError.self) { try ThinDeviceStatus.parse(text) }
            guard case .unparsable(let what, let quoted, let why) = error else {
                Issue.record("expected .unparsable, got \(error)")
                return
            }
            #expect(what == "thin status")
            #expect(quoted == text)
            #expect(why.contains(reason), "reason was: \(why)")
        }
    }
}
