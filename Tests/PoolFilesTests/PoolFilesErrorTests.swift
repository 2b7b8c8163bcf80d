import PoolFiles
import Testing

@Suite struct PoolFilesErrorTests {
    @Test func aMissingToolNamesThePackagesThatBringIt() {
        let text = PoolFilesError.toolMissing("thin_dump").description
        #expect(text.contains("thin_dump") && text.contains("thin-provisioning-tools"))
    }
}
