import Testing

@testable import HostConfig

@Suite("Config edit parts: byte ranges, spans and the planned-contents overlay")
struct ConfigEditPartsTests {
    @Test func scannerGivesMemberOffsets() throws {
        let text = "{ \"a\" :1,\n\t\"b\": {\"x\": [1]} }"
        let bytes = Array(text.utf8)
        let layout = try #require(try JSONStructureScanner.layout(bytes))
        #expect(layout.open == 0)
        #expect(layout.close == bytes.count - 1)
        func slice(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        #expect(layout.members.map { slice($0.keyStart..<$0.keyEnd) } == ["\"a\"", "\"b\""])
        #expect(layout.members.map { slice($0.valueStart..<$0.valueEnd) } == ["1", "{\"x\": [1]}"])
        #expect(try JSONStructureScanner.layout(Array("  ".utf8)) == nil)
        #expect(try JSONStructureScanner.layout(Array("[1]".utf8)) == nil)
    }

    @Test func variableSpansPointAtTheValueAsWritten() {
        let text = "# c\nexport A=\"x \\\"y\\\"\" # note\nB=plain\n"
        let spans = VariableFile.spans(text)
        let scalars = Array(text.unicodeScalars)
        func slice(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        #expect(spans.map(\.name) == ["A", "B"])
        #expect(spans.map { slice($0.valueStart..<$0.valueEnd) } == ["\"x \\\"y\\\"\"", "plain"])
        #expect(spans.map { slice($0.start..<$0.valueStart) } == ["export A=", "B="])
        // An escaped quote is two scalars of the text.
        #expect(spans[0].sources.map { slice($0) } == ["x", " ", "\\\"", "y", "\\\""])
    }

    @Test func shellWordSpansMatchShellWords() throws {
        let text = "-H 'unix:///a b' --label=\"x\\\"y\" \\$z  "
        let words = try ShellWordSpans.split(Array(text.unicodeScalars))
        #expect(words.map(\.text) == (try ShellWords.split(text)))
        let scalars = Array(text.unicodeScalars)
        #expect(
            words.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == [
                "-H", "'unix:///a b'", "--label=\"x\\\"y\"", "\\$z",
            ])
    }

    @Test func systemdEntrySpanJoinsContinuationsLikeTheUnitParser() {
        let text = "[Service]\nExecStart=/a \\\n# comment\n  --b \\\n  --c\nX=1\n"
        let spans = SystemdEntrySpan.entries(in: Array(text.unicodeScalars))
        let parsed = SystemdUnitFile.parse(text).entries
        #expect(spans.map { String(String.UnicodeScalarView($0.value)) } == parsed.map(\.value))
        #expect(spans.map(\.line) == parsed.map(\.line))
        #expect(spans.first?.regionEnd == text.unicodeScalars.count - "\nX=1\n".count)
    }

    @Test func overlayIsReadInsteadOfTheDisk() throws {
        let host = try FakeHost()
        try host.write("/etc/docker/daemon.json", "{\"storage-driver\": \"devicemapper\"}")
        var files = HostFileReader(hostRoot: host.root)
        files.overlay = [
            "/etc/docker/daemon.json": "{\"storage-driver\": \"overlay2\"}",
            "/etc/systemd/system/docker.service.d/90-x.conf": "[Service]\n",
        ]
        #expect(try files.lookUp("/etc/docker//daemon.json") == .file("{\"storage-driver\": \"overlay2\"}"))
        #expect(try files.exists("/etc/systemd/system/docker.service.d/90-x.conf"))
        #expect(try files.contentsOfDirectory("/etc/systemd/system/docker.service.d") == ["90-x.conf"])
        #expect(try DockerConfigurationReader.read(files: files).storageDriver == "overlay2")
        // Nothing was written.
        #expect(try host.read().storageDriver == "devicemapper")
    }

    @Test func resolvedHostPathFollowsLinksInsideTheRoot() throws {
        let host = try FakeHost()
        try host.write("/usr/lib/systemd/system/docker.service", "[Service]\n")
        try host.link("/etc/systemd/system/docker.service", to: "/usr/lib/systemd/system/docker.service")
        let files = HostFileReader(hostRoot: host.root)
        #expect(
            try files.resolvedHostPath("/etc/systemd/system/docker.service") == "/usr/lib/systemd/system/docker.service"
        )
        #expect(try files.resolvedHostPath("/etc/nothing") == nil)
    }
}
