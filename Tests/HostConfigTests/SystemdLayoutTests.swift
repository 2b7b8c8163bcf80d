import Foundation
import Testing

@testable import HostConfig

@Suite("systemd layouts: drop-ins, resets, masks, links")
struct SystemdLayoutTests {
    static let unitPath = "/usr/lib/systemd/system/docker.service"
    static let dropInPath = "/etc/systemd/system/docker.service.d/storage.conf"

    @Test func dropInReplacingExecStartConflictsWithDaemonJSON() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write(
            Self.dropInPath, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --storage-driver=devicemapper\n")
        try host.write("/etc/docker/daemon.json", "{\n    \"storage-driver\": \"overlay2\"\n}\n")
        let configuration = try host.read()

        let dropIn = ConfigSource(kind: .systemdDropIn, path: Self.dropInPath, line: 3, inEffect: true)
        let daemonJSON = ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", line: 2, inEffect: true)
        #expect(
            configuration.conflicts == [
                ConfigConflict(
                    key: "storage-driver", sources: [daemonJSON, dropIn],
                    message: "storage-driver is set both in /etc/docker/daemon.json and as a dockerd flag in "
                        + "/etc/systemd/system/docker.service.d/storage.conf (ExecStart, line 3); dockerd refuses to start "
                        + "with a key given twice ('the following directives are specified both as a flag and in the "
                        + "configuration file'). Keep one of them.")
            ])
        #expect(configuration.execStart?.source == dropIn)
        #expect(configuration.execStart?.argv == ["/usr/bin/dockerd", "--storage-driver=devicemapper"])
        // The reset dropped the unit's -H fd://.
        #expect(configuration.settings(for: "hosts").isEmpty)
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource == dropIn)
        #expect(
            configuration.sources == [
                ConfigSource(kind: .systemdUnit, path: Self.unitPath, inEffect: true),
                ConfigSource(kind: .systemdDropIn, path: Self.dropInPath, inEffect: true),
                ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", inEffect: true),
            ])
        #expect(configuration.problems.isEmpty)
    }

    @Test func dropInWithoutResetGivesTwoExecStartsWhichSystemdRefuses() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write(Self.dropInPath, "[Service]\nExecStart=/usr/bin/dockerd -s overlay2\n")
        let configuration = try host.read()
        #expect(configuration.problems.map(\.severity) == [.error])
        #expect(
            configuration.problems.first?.message.hasPrefix(
                "docker.service has 2 ExecStart= lines (\(Self.unitPath) line 14, \(Self.dropInPath) line 2)") == true)
        #expect(configuration.problems.first?.path == Self.dropInPath)
    }

    @Test func dropInsAreOrderedByNameAcrossDirectoriesAndEtcHidesTheSameName() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write(
            "/usr/lib/systemd/system/docker.service.d/10-storage.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -s vfs\n")
        try host.write(
            "/etc/systemd/system/docker.service.d/10-storage.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -s overlay2\n")
        try host.write(
            "/run/systemd/system/docker.service.d/20-env.conf", "[Service]\nEnvironment=\"DATA=--data-root /srv/d\"\n")
        try host.write(
            "/usr/lib/systemd/system/docker.service.d/30-data.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -s overlay2 $DATA\n")
        try host.write("/etc/systemd/system/docker.service.d/notes.txt", "[Service]\nExecStart=/nonsense\n")
        let configuration = try host.read()

        #expect(
            configuration.sources.map(\.path) == [
                Self.unitPath, "/etc/systemd/system/docker.service.d/10-storage.conf",
                "/run/systemd/system/docker.service.d/20-env.conf",
                "/usr/lib/systemd/system/docker.service.d/30-data.conf",
            ])
        #expect(configuration.execStart?.argv == ["/usr/bin/dockerd", "-s", "overlay2", "--data-root", "/srv/d"])
        #expect(configuration.dataRoot == "/srv/d")
        #expect(
            configuration.dataRootSource
                == ConfigSource(
                    kind: .systemdDropIn, path: "/run/systemd/system/docker.service.d/20-env.conf", variable: "DATA",
                    line: 2,
                    inEffect: true))
        #expect(configuration.problems.isEmpty)
    }

    @Test func mergedUsrDoesNotCountADropInTwice() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write(
            "/usr/lib/systemd/system/docker.service.d/storage.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -s overlay2\n")
        try host.link("/lib", to: "usr/lib")
        let configuration = try host.read()
        #expect(configuration.sources.filter { $0.kind == .systemdDropIn }.count == 1)
        #expect(configuration.problems.isEmpty)
    }

    @Test func absoluteLinksAreFollowedInsideTheHostRoot() throws {
        // /opt/units exists only in the fake tree: reading the live /opt would find nothing.
        let host = try FakeHost()
        try host.write("/opt/units/docker.service", "[Service]\nExecStart=/usr/bin/dockerd -s overlay2\n")
        try host.link("/etc/systemd/system/docker.service", to: "/opt/units/docker.service")
        try host.write("/usr/lib/systemd/system/docker.service", HostLayouts.dockerCEUnit)
        let configuration = try host.read()
        #expect(configuration.storageDriver == "overlay2")
        #expect(configuration.execStart?.source.path == "/etc/systemd/system/docker.service")
    }

    @Test func maskedUnitMeansNoUnitFlagsAndSaysSo() throws {
        let host = try FakeHost()
        try host.link("/etc/systemd/system/docker.service", to: "/dev/null")
        try host.write(Self.unitPath, "[Service]\nExecStart=/usr/bin/dockerd -s devicemapper\n")
        let configuration = try host.read()
        #expect(configuration.storageDriver == nil)
        #expect(configuration.execStart == nil)
        #expect(configuration.problems.map(\.severity) == [.warning])
        #expect(configuration.problems.first?.message.hasPrefix("docker.service is masked") == true)
    }

    @Test func requiredEnvironmentFileThatIsMissingIsAnError() throws {
        let host = try FakeHost()
        try host.write(
            Self.unitPath, "[Service]\nEnvironmentFile=/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd $OPTIONS\n")
        let configuration = try host.read()
        #expect(
            configuration.problems == [
                ConfigProblem(
                    severity: .error,
                    message: "/etc/sysconfig/docker does not exist, but \(Self.unitPath) requires it (EnvironmentFile= "
                        + "without '-'), so systemd will not start docker.service. Create the file or write "
                        + "EnvironmentFile=-/etc/sysconfig/docker.",
                    path: Self.unitPath, line: 2)
            ])
    }

    @Test func environmentFileOverridesEnvironmentAndConfigFileFlagMovesDaemonJSON() throws {
        let host = try FakeHost()
        try host.write(
            Self.unitPath,
            """
            [Service]
            Environment="OPTS=-s vfs" CONFIG=/etc/docker/daemon.json
            EnvironmentFile=-/etc/docker/dockerd.env
            ExecStart=/usr/bin/dockerd --config-file=${CONFIG} $OPTS
            """)
        try host.write("/etc/docker/dockerd.env", "CONFIG=/etc/docker/custom.json\n")
        try host.write("/etc/docker/custom.json", "{\"data-root\": \"/srv/docker\"}")
        try host.write("/etc/docker/daemon.json", "{\"storage-driver\": \"devicemapper\"}")
        let configuration = try host.read()

        #expect(configuration.configFile == "/etc/docker/custom.json")
        #expect(configuration.dataRoot == "/srv/docker")
        #expect(configuration.storageDriver == "vfs")
        #expect(
            configuration.storageDriverSource
                == ConfigSource(
                    kind: .systemdUnit, path: Self.unitPath, variable: "OPTS", line: 2, inEffect: true))
        #expect(
            configuration.settings(for: "config-file").map(\.source) == [
                ConfigSource(
                    kind: .environmentFile, path: "/etc/docker/dockerd.env", variable: "CONFIG", line: 1, inEffect: true
                )
            ])
        #expect(
            configuration.sources == [
                ConfigSource(kind: .systemdUnit, path: Self.unitPath, inEffect: true),
                ConfigSource(kind: .environmentFile, path: "/etc/docker/dockerd.env", inEffect: true),
                ConfigSource(kind: .daemonJSON, path: "/etc/docker/custom.json", inEffect: true),
                ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", inEffect: false),
            ])
        #expect(configuration.conflicts.isEmpty)
        #expect(
            configuration.problems.map(\.message) == [
                "/etc/docker/daemon.json sets storage-driver, but dockerd reads /etc/docker/custom.json instead "
                    + "(--config-file); these values are not in effect."
            ])
    }

    @Test func configFileFlagNamingAMissingFileIsAnError() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, "[Service]\nExecStart=/usr/bin/dockerd --config-file /etc/docker/gone.json\n")
        let configuration = try host.read()
        #expect(configuration.configFile == "/etc/docker/gone.json")
        #expect(configuration.problems.map(\.severity) == [.error])
        #expect(configuration.problems.first?.path == "/etc/docker/gone.json")
    }
}
