import Testing

@testable import HostConfig

@Suite("SystemdUnitFile: sections, entries and continuation lines")
struct SystemdUnitFileTests {
    @Test func continuationLinesJoinIntoOneEntryAtTheFirstLine() throws {
        let unit = SystemdUnitFile.parse(HostLayouts.redHatDockerUnit)
        let execStart = try #require(unit.entries(section: "Service", key: "ExecStart").first)
        #expect(execStart.line == HostLayouts.redHatExecStartLine)
        #expect(execStart.value.hasPrefix("/usr/bin/dockerd-current  --add-runtime docker-runc="))
        #expect(execStart.value.hasSuffix("$INSECURE_REGISTRY  $REGISTRIES"))
        #expect(unit.entries(section: "Service", key: "ExecReload").first?.line == 32)
        #expect(
            unit.entries(section: "Service", key: "EnvironmentFile").map(\.value) == [
                "-/run/containers/registries.conf", "-/etc/sysconfig/docker", "-/etc/sysconfig/docker-storage",
                "-/etc/sysconfig/docker-network",
            ])
        #expect(unit.entries(section: "Install", key: "WantedBy").map(\.value) == ["multi-user.target"])
    }

    @Test func commentsInsideAContinuationAreSkipped() {
        let unit = SystemdUnitFile.parse("[Service]\nExecStart=/a \\\n# comment\n  --b \\\n; other\n  --c\nX=1\n")
        #expect(
            unit.entries == [
                .init(section: "Service", key: "ExecStart", value: "/a  --b  --c", line: 2),
                .init(section: "Service", key: "X", value: "1", line: 7),
            ])
    }

    @Test func emptyValuesBlanksAndCRLF() {
        let unit = SystemdUnitFile.parse("[Service]\r\nExecStart=\r\n ExecStart = /usr/bin/dockerd \r\nnonsense\r\n")
        #expect(unit.entries.map(\.value) == ["", "/usr/bin/dockerd"])
        #expect(unit.entries.map(\.line) == [2, 3])
    }
}
