import Foundation
import Testing

@testable import HostConfig

@Suite("daemon.json on a host: odd formatting, broken files, nothing at all")
struct DaemonJSONHostTests {
    @Test func unusualFormattingAndUnknownKeys() throws {
        let host = try FakeHost()
        try host.write(
            "/etc/docker/daemon.json",
            "{\n\t\"log-driver\":\t\"json-file\",\n\t\"log-opts\" : {\n\t\t\"max-size\": \"10m\",\n\t\t\"max-file\": \"3\"\n\t},\n"
                + "\t\"graph\"\n\t\t: \"/data/docker\",\n    \"storage-driver\" :\n        \"devicemapper\",\n"
                + "\t\"live-restore\": true\n}\n")
        let configuration = try host.read()

        #expect(configuration.dataRoot == "/data/docker")
        #expect(
            configuration.dataRootSource
                == ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", line: 7, inEffect: true))
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource?.line == 9)
        #expect(
            configuration.daemonJSONKeyOrder == ["log-driver", "log-opts", "graph", "storage-driver", "live-restore"])
        #expect(
            configuration.settings.map(\.values) == [
                ["json-file"], [#"{"max-file":"3","max-size":"10m"}"#], ["/data/docker"], ["devicemapper"], ["true"],
            ])
        #expect(configuration.settings.allSatisfy { $0.kind == .daemonJSON })
        #expect(configuration.problems.isEmpty)
    }

    @Test func invalidDaemonJSONIsAProblemNotAThrow() throws {
        let host = try FakeHost()
        try host.write(
            "/etc/docker/daemon.json",
            "{\n  \"storage-driver\": \"devicemapper\",\n  \"storage-opts\": [\"dm.fs=xfs\",]\n}\n")
        let configuration = try host.read()

        #expect(
            configuration.problems == [
                ConfigProblem(
                    severity: .error,
                    message:
                        "/etc/docker/daemon.json is not valid JSON: trailing comma before ']' (line 3, column 32). "
                        + "dockerd will not start with it; fix the file at that place.",
                    path: "/etc/docker/daemon.json", line: 3, column: 32)
            ])
        #expect(
            configuration.sources == [ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", inEffect: true)])
        #expect(configuration.settings.isEmpty)
        #expect(configuration.storageDriver == nil)
    }

    @Test func truncatedDaemonJSONSaysWhereItEnds() throws {
        let host = try FakeHost()
        try host.write("/etc/docker/daemon.json", "{\"storage-driver\": \"devicemapper\"")
        let problem = try #require(try host.read().problems.first)
        #expect(problem.message.contains("the object is not closed with '}' (line 1, column 34)"))
    }

    @Test func daemonJSONThatIsADirectoryIsAProblem() throws {
        let host = try FakeHost()
        try host.makeDirectory("/etc/docker/daemon.json")
        let configuration = try host.read()
        #expect(configuration.problems.map(\.severity) == [.error])
        #expect(
            configuration.problems.first?.message.hasPrefix("/etc/docker/daemon.json is not a regular file") == true)
    }

    @Test func repeatedKeyIsAWarning() throws {
        let host = try FakeHost()
        try host.write(
            "/etc/docker/daemon.json", "{\"storage-driver\": \"devicemapper\",\n \"storage-driver\": \"overlay2\"}")
        let configuration = try host.read()
        #expect(configuration.storageDriver == "overlay2")
        #expect(configuration.problems.map(\.line) == [2])
        #expect(configuration.problems.map(\.severity) == [.warning])
    }

    @Test func emptyHostRootMeansDefaults() throws {
        let host = try FakeHost()
        let configuration = try host.read()
        #expect(
            configuration
                == DockerConfiguration(
                    sources: [], settings: [], conflicts: [], problems: [], dockerdArguments: [], execStart: nil,
                    configFile: "/etc/docker/daemon.json", daemonJSONKeyOrder: [], storageDriver: nil,
                    storageDriverSource: nil,
                    storageOptions: [], dataRoot: "/var/lib/docker", dataRootSource: nil))
    }

    @Test func emptyDaemonJSONIsNoConfiguration() throws {
        let host = try FakeHost()
        try host.write("/etc/docker/daemon.json", "\n")
        let configuration = try host.read()
        #expect(configuration.problems.isEmpty)
        #expect(configuration.settings.isEmpty)
        #expect(configuration.sources.map(\.path) == ["/etc/docker/daemon.json"])
    }

    @Test func jsonOutputUsesCleanFieldNames() throws {
        let host = try FakeHost()
        try host.write("/etc/docker/daemon.json", "{\"storage-driver\": \"overlay2\"}")
        let configuration = try host.read()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(configuration)
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            text.contains(
                #""storageDriverSource":{"inEffect":true,"kind":"daemonJSON","line":1,"path":"\/etc\/docker\/daemon.json"}"#
            ))
        #expect(try JSONDecoder().decode(DockerConfiguration.self, from: data) == configuration)
    }
}
