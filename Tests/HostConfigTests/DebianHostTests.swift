import Testing

@testable import HostConfig

@Suite("Debian/Ubuntu hosts: /etc/default/docker in effect or not")
struct DebianHostTests {
    static let unitPath = "/lib/systemd/system/docker.service"

    @Test func defaultDockerIgnoredByAUnitThatDoesNotLoadIt() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write("/etc/default/docker", HostLayouts.ubuntuDefaultDocker)
        // Docker CE's .deb ships the init script too; under systemd it does not matter.
        try host.write("/etc/init.d/docker", "#!/bin/sh\n")
        let configuration = try host.read()

        #expect(configuration.storageDriver == nil)
        #expect(configuration.storageOptions.isEmpty)
        #expect(configuration.dataRoot == "/var/lib/docker")
        #expect(configuration.conflicts.isEmpty)
        #expect(
            configuration.sources == [
                ConfigSource(kind: .systemdUnit, path: Self.unitPath, inEffect: true),
                ConfigSource(kind: .defaultDocker, path: "/etc/default/docker", inEffect: false),
            ])
        let ignored = ConfigSource(
            kind: .defaultDocker, path: "/etc/default/docker", variable: "DOCKER_OPTS",
            line: HostLayouts.ubuntuDockerOptsLine, inEffect: false)
        #expect(
            configuration.settings.filter { $0.kind == .dockerdFlag && $0.key != "hosts" } == [
                ConfigSetting(key: "storage-driver", values: ["devicemapper"], kind: .dockerdFlag, source: ignored),
                ConfigSetting(key: "storage-opts", values: ["dm.basesize=20G"], kind: .dockerdFlag, source: ignored),
                ConfigSetting(key: "graph", values: ["/srv/docker"], kind: .dockerdFlag, source: ignored),
            ])
        #expect(
            configuration.problems == [
                ConfigProblem(
                    severity: .warning,
                    message: "/etc/default/docker (DOCKER_OPTS) sets storage-driver, storage-opts, graph, but dockerd "
                        + "does not read it: docker.service does not load it (no EnvironmentFile=/etc/default/docker). "
                        + "These values are not in effect; remove them so nobody mistakes them for the real ones.",
                    path: "/etc/default/docker", line: HostLayouts.ubuntuDockerOptsLine)
            ])
    }

    @Test func defaultDockerInEffectThroughEnvironmentFileAndDockerOpts() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.ubuntuDockerIOUnit)
        try host.write("/etc/default/docker", HostLayouts.ubuntuDefaultDocker)
        let configuration = try host.read()

        let options = ConfigSource(
            kind: .defaultDocker, path: "/etc/default/docker", variable: "DOCKER_OPTS",
            line: HostLayouts.ubuntuDockerOptsLine, inEffect: true)
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource == options)
        #expect(
            configuration.storageOptions == [
                ConfigSetting(key: "storage-opts", values: ["dm.basesize=20G"], kind: .dockerdFlag, source: options)
            ])
        #expect(configuration.dataRoot == "/srv/docker")
        #expect(configuration.dataRootSource == options)
        #expect(configuration.settings(for: "graph").map(\.values) == [["/srv/docker"]])
        #expect(
            configuration.sources == [
                ConfigSource(kind: .systemdUnit, path: Self.unitPath, inEffect: true),
                ConfigSource(kind: .defaultDocker, path: "/etc/default/docker", inEffect: true),
            ])
        #expect(configuration.problems.isEmpty)
        #expect(configuration.conflicts.isEmpty)
        #expect(
            configuration.execStart?.argv == [
                "/usr/bin/dockerd", "-H", "fd://", "-s", "devicemapper", "--storage-opt", "dm.basesize=20G", "-g",
                "/srv/docker",
            ])
    }

    @Test func defaultDockerInEffectWithoutSystemdUnderSysvinit() throws {
        let host = try FakeHost()
        try host.write("/etc/init.d/docker", "#!/bin/sh\n")
        try host.write("/etc/default/docker", HostLayouts.ubuntuDefaultDocker)
        let configuration = try host.read()
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource?.inEffect == true)
        #expect(configuration.dataRoot == "/srv/docker")
        #expect(configuration.execStart == nil)
        #expect(configuration.problems.isEmpty)
    }

    @Test func defaultDockerWithoutAnyWayToStartDockerIsNotInEffect() throws {
        let host = try FakeHost()
        try host.write("/etc/default/docker", HostLayouts.ubuntuDefaultDocker)
        let configuration = try host.read()
        #expect(configuration.storageDriver == nil)
        #expect(configuration.sources.map(\.inEffect) == [false])
        #expect(configuration.problems.first?.message.contains("no docker.service or init script passes it") == true)
    }

    @Test func graphAndDataRootTogetherAreAnError() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.ubuntuDockerIOUnit)
        try host.write("/etc/default/docker", "DOCKER_OPTS='-g /srv/docker'\n")
        try host.write("/etc/docker/daemon.json", "{\"data-root\": \"/data\"}")
        let configuration = try host.read()
        #expect(configuration.conflicts.isEmpty)
        #expect(configuration.problems.map(\.severity) == [.error])
        #expect(
            configuration.problems.first?.message.hasPrefix(
                "data-root is set in /etc/docker/daemon.json and graph, its old name, in /etc/default/docker (DOCKER_OPTS)"
            ) == true)
        #expect(configuration.dataRoot == "/data")
    }
}
