import DriverShiftTestSupport
import Foundation
import HostSystem
import PoolFiles
import Testing

@Suite struct ThinMetadataDumpTests {
    static let xml = """
        <superblock uuid="" time="1" transaction="7" flags="0" version="2" data_block_size="128" nr_data_blocks="400">
          <device dev_id="3" mapped_blocks="6" transaction="0" creation_time="0" snap_time="0">
            <single_mapping origin_block="0" data_block="10" time="0"/>
            <single_mapping origin_block="1" data_block="11" time="0"/>
            <range_mapping origin_begin="2" data_begin="12" length="3" time="0"/>
            <single_mapping origin_block="9" data_block="30" time="0"/>
          </device>
          <device dev_id="4" mapped_blocks="0" transaction="0" creation_time="0" snap_time="0">
          </device>
        </superblock>
        """

    @Test func superblockAndMappingsAreRead() throws {
        let map = try ThinMetadataDump.parse(xml: Self.xml)
        #expect(map.superblock == ThinSuperblock(transaction: 7, dataBlockSizeSectors: 128, dataBlockCount: 400))
        #expect(map.superblock.blockSizeBytes == 65_536)
        let device = try #require(map.devices[3])
        #expect(device.mappedBlocks == 6 && device.rangeBlockCount == 6)
        // Neighbouring single and range mappings become one range; a jump starts the next.
        #expect(
            device.ranges == [
                BlockRange(originBegin: 0, dataBegin: 10, length: 5),
                BlockRange(originBegin: 9, dataBegin: 30, length: 1),
            ])
        #expect(device.dataBlockEnd == 31 && device.originBlockEnd == 10)
        #expect(map.devices[4]?.ranges == [])
    }

    @Test func aMappingWithoutANumberNamesTheAttributeAndLine() {
        let broken = Self.xml.replacingOccurrences(of: "data_block=\"11\"", with: "data_block=\"eleven\"")
        #expect {
            try ThinMetadataDump.parse(xml: broken, source: "dump.xml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("dump.xml line 4") && text.contains("data_block") && text.contains("eleven")
        }
    }

    @Test func truncatedXMLIsAnErrorNotAShorterPool() {
        let cut = String(Self.xml.prefix(400))
        #expect {
            try ThinMetadataDump.parse(xml: cut)
        } throws: { error in
            guard case PoolFilesError.dumpUnreadable = error else { return false }
            return true
        }
    }

    /// The real tools: thin_restore writes a metadata file, thin_check accepts it, thin_dump reads it back.
    @Test func realMetadataRoundTrips() async throws {
        try await Scratch.with("dump") { directory in
            let xml = "\(directory)/in.xml"
            let metadata = "\(directory)/metadata"
            try Data(Self.xml.utf8).write(to: URL(fileURLWithPath: xml))
            let runner = CommandRunner()
            try await runner.check(Command("truncate", ["-s", "16M", metadata]))
            try await runner.check(Command("thin_restore", ["-i", xml, "-o", metadata]))
            try await ThinMetadataCheck().check(metadataFile: metadata)
            let map = try await ThinMetadataDump().dump(metadataFile: metadata, scratchDirectory: directory)
            #expect(map == (try ThinMetadataDump.parse(xml: Self.xml)))
            // The XML went to the scratch directory and was removed again.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["in.xml", "metadata"])
        }
    }

    @Test func aMissingToolIsNamed() async {
        await #expect {
            try await ThinMetadataCheck(executable: "/nonexistent/thin_check").check(metadataFile: "/dev/null")
        } throws: { error in
            guard case PoolFilesError.toolMissing(let tool) = error else { return false }
            return tool == "/nonexistent/thin_check" && "\(error)".contains("thin-provisioning-tools")
        }
        await #expect(throws: PoolFilesError.self) {
            try await ThinMetadataDump(executable: "/nonexistent/thin_dump").dump(
                metadataFile: "/dev/null", scratchDirectory: "/tmp")
        }
    }

    @Test func commandsAreArgvArrays() {
        #expect(ThinMetadataCheck().command(metadataFile: "/p/meta").argv == ["thin_check", "/p/meta"])
        #expect(
            ThinMetadataDump().command(metadataFile: "/p/meta", output: "/s/x.xml").argv == [
                "thin_dump", "--format", "xml", "-o", "/s/x.xml", "/p/meta",
            ])
    }
}
