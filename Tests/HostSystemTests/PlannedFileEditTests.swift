import HostSystem
import Testing

@Suite struct PlannedFileEditTests {
    @Test func aNewFileHasNoBefore() {
        let edit = PlannedFileEdit(path: "/etc/docker/daemon.json", before: nil, after: "{}\n", reason: "create")
        #expect(edit.createsFile)
        #expect(!edit.changesNothing)
    }
}
