import Testing

@testable import HostConfig

@Suite("CentOS 7 hosts: Red Hat's docker 1.13 and Docker CE 18.09")
struct RedHatHostTests {
    static let unitPath = "/usr/lib/systemd/system/docker.service"

    private func redHatDocker113() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.redHatDockerUnit)
        try host.write("/usr/lib/systemd/system/docker-storage-setup.service", HostLayouts.storageSetupUnit)
        try host.write("/etc/sysconfig/docker", HostLayouts.redHatSysconfigDocker)
        try host.write("/etc/sysconfig/docker-storage", HostLayouts.redHatDockerStorage)
        try host.write("/etc/sysconfig/docker-storage-setup", HostLayouts.redHatStorageSetup)
        return host
    }

    @Test func redHatDocker113TakesTheDriverFromDockerStorage() throws {
        let host = try redHatDocker113()
        let configuration = try host.read()

        let storage = ConfigSource(
            kind: .sysconfigDockerStorage, path: "/etc/sysconfig/docker-storage", variable: "DOCKER_STORAGE_OPTIONS",
            line: 1, inEffect: true)
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource == storage)
        #expect(
            configuration.storageOptions.map(\.values) == [
                ["dm.fs=xfs"], ["dm.thinpooldev=/dev/mapper/docker--vg-docker--pool"], ["dm.use_deferred_removal=true"],
            ])
        #expect(configuration.storageOptions.allSatisfy { $0.source == storage && $0.key == "storage-opts" })
        #expect(configuration.conflicts.isEmpty)
        #expect(configuration.problems.isEmpty)
        #expect(configuration.dataRoot == "/var/lib/docker")
        #expect(configuration.dataRootSource == nil)
        #expect(configuration.configFile == "/etc/docker/daemon.json")
        #expect(configuration.daemonJSONKeyOrder.isEmpty)

        #expect(
            configuration.sources == [
                ConfigSource(kind: .systemdUnit, path: Self.unitPath, inEffect: true),
                ConfigSource(kind: .sysconfigDocker, path: "/etc/sysconfig/docker", inEffect: true),
                ConfigSource(kind: .sysconfigDockerStorage, path: "/etc/sysconfig/docker-storage", inEffect: true),
                ConfigSource(kind: .sysconfigStorageSetup, path: "/etc/sysconfig/docker-storage-setup", inEffect: true),
            ])
    }

    @Test func redHatDocker113SettingsAndStorageSetupInput() throws {
        let configuration = try redHatDocker113().read()
        let flags = configuration.settings.filter { $0.kind == .dockerdFlag }
        #expect(flags.map(\.key) == ["storage-driver", "storage-opts"])
        #expect(
            flags.map(\.values) == [
                ["devicemapper"],
                ["dm.fs=xfs", "dm.thinpooldev=/dev/mapper/docker--vg-docker--pool", "dm.use_deferred_removal=true"],
            ])

        let setup = configuration.settings.filter { $0.kind == .storageSetup }
        #expect(setup.map(\.key) == ["STORAGE_DRIVER", "DEVS", "VG"])
        #expect(setup.map(\.values) == [["devicemapper"], ["/dev/vdb"], ["docker-vg"]])
        #expect(
            setup.first?.source
                == ConfigSource(
                    kind: .sysconfigStorageSetup, path: "/etc/sysconfig/docker-storage-setup",
                    variable: "STORAGE_DRIVER",
                    line: 5, inEffect: true))
    }

    @Test func redHatDocker113KeepsEveryArgumentWithItsOrigin() throws {
        let configuration = try redHatDocker113().read()
        let execStart = try #require(configuration.execStart)
        let unit = ConfigSource(
            kind: .systemdUnit, path: Self.unitPath, line: HostLayouts.redHatExecStartLine, inEffect: true)
        #expect(execStart.source == unit)
        #expect(execStart.executable == "/usr/bin/dockerd-current")
        #expect(execStart.rawValue.contains("$OPTIONS  $DOCKER_STORAGE_OPTIONS"))

        let options = ConfigSource(
            kind: .sysconfigDocker, path: "/etc/sysconfig/docker", variable: "OPTIONS", line: 4, inEffect: true)
        let arguments = configuration.dockerdArguments
        #expect(
            arguments.map(\.words.first).prefix(9) == [
                "--add-runtime", "--default-runtime=docker-runc", "--exec-opt",
                "--userland-proxy-path=/usr/libexec/docker/docker-proxy-current",
                "--init-path=/usr/libexec/docker/docker-init-current", "--seccomp-profile=/etc/docker/seccomp.json",
                "--selinux-enabled", "--log-driver=journald", "--signature-verification=false",
            ])
        #expect(arguments.prefix(6).allSatisfy { $0.source == unit })
        #expect(arguments[6..<9].allSatisfy { $0.source == options })
        #expect(arguments.count == 9 + 4)
        #expect(arguments.first?.words == ["--add-runtime", "docker-runc=/usr/libexec/docker/docker-runc-current"])
        #expect(arguments.first?.key == "runtimes")
        #expect(execStart.argv.count == 1 + 8 + 3 + 8)
    }

    @Test func dockerCE1809TakesTheDriverFromDaemonJSON() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write("/etc/docker/daemon.json", HostLayouts.dockerCEDaemonJSON)
        let configuration = try host.read()

        let daemonJSON = ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", line: 1, inEffect: true)
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource == daemonJSON)
        #expect(
            configuration.storageOptions
                == [
                    "dm.thinpooldev=/dev/mapper/docker-thinpool", "dm.use_deferred_removal=true",
                    "dm.use_deferred_deletion=true",
                ].map { ConfigSetting(key: "storage-opts", values: [$0], kind: .daemonJSON, source: daemonJSON) })
        #expect(configuration.conflicts.isEmpty)
        #expect(configuration.problems.isEmpty)
        #expect(configuration.daemonJSONKeyOrder == ["storage-driver", "storage-opts"])
        #expect(
            configuration.sources == [
                ConfigSource(kind: .systemdUnit, path: Self.unitPath, inEffect: true),
                ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", inEffect: true),
            ])
        let unit = ConfigSource(
            kind: .systemdUnit, path: Self.unitPath, line: HostLayouts.dockerCEExecStartLine, inEffect: true)
        #expect(
            configuration.settings(for: "hosts") == [
                ConfigSetting(key: "hosts", values: ["fd://"], kind: .dockerdFlag, source: unit)
            ])
        #expect(
            configuration.dockerdArguments.map(\.words) == [
                ["-H", "fd://"], ["--containerd=/run/containerd/containerd.sock"],
            ])
    }

    @Test func leftoverDockerStorageAfterSwitchingToDockerCEIsNotInEffect() throws {
        // `yum swap docker docker-ce` leaves Red Hat's sysconfig files behind; Docker CE's unit never reads them.
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write("/etc/docker/daemon.json", #"{"storage-driver": "overlay2"}"#)
        try host.write("/etc/sysconfig/docker-storage", HostLayouts.redHatDockerStorage)
        try host.write("/etc/sysconfig/docker-storage-setup", HostLayouts.redHatStorageSetup)
        let configuration = try host.read()

        #expect(configuration.storageDriver == "overlay2")
        #expect(configuration.storageOptions.isEmpty)
        #expect(configuration.conflicts.isEmpty)
        #expect(
            configuration.sources.filter { !$0.inEffect }.map(\.path) == [
                "/etc/sysconfig/docker-storage", "/etc/sysconfig/docker-storage-setup",
            ])
        let stale = configuration.settings(for: "storage-driver").filter { $0.kind == .dockerdFlag }
        #expect(stale.map(\.source.inEffect) == [false])
        #expect(configuration.settings.filter { $0.kind == .storageSetup }.allSatisfy { !$0.source.inEffect })
        #expect(
            configuration.problems == [
                ConfigProblem(
                    severity: .warning,
                    message:
                        "/etc/sysconfig/docker-storage (DOCKER_STORAGE_OPTIONS) sets storage-driver, storage-opts, "
                        + "but dockerd does not read it: docker.service does not load it (no "
                        + "EnvironmentFile=/etc/sysconfig/docker-storage). These values are not in effect; remove them so "
                        + "nobody mistakes them for the real ones.",
                    path: "/etc/sysconfig/docker-storage", line: 1)
            ])
    }

    @Test func twoFlagSourcesForOneKeyAreAWarningNotAConflict() throws {
        let host = try redHatDocker113()
        try host.write("/etc/sysconfig/docker", "OPTIONS='--selinux-enabled -s overlay2'\n")
        let configuration = try host.read()

        #expect(configuration.conflicts.isEmpty)
        #expect(configuration.storageDriver == "devicemapper")
        #expect(configuration.storageDriverSource?.path == "/etc/sysconfig/docker-storage")
        #expect(configuration.problems.map(\.severity) == [.warning])
        #expect(
            configuration.problems.first?.message == "storage-driver is given as a dockerd flag in both "
                + "/etc/sysconfig/docker (OPTIONS) and /etc/sysconfig/docker-storage (DOCKER_STORAGE_OPTIONS); dockerd "
                + "uses the last one on its command line, devicemapper from /etc/sysconfig/docker-storage "
                + "(DOCKER_STORAGE_OPTIONS). Keep it in one place so that a change is not undone by the other.")
    }

    @Test func daemonJSONNextToDockerStorageIsAConflict() throws {
        let host = try redHatDocker113()
        try host.write("/etc/docker/daemon.json", "{\n  \"storage-driver\": \"overlay2\",\n  \"storage-opts\": []\n}\n")
        let configuration = try host.read()

        let daemonJSON = ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", line: 2, inEffect: true)
        let storage = ConfigSource(
            kind: .sysconfigDockerStorage, path: "/etc/sysconfig/docker-storage", variable: "DOCKER_STORAGE_OPTIONS",
            line: 1, inEffect: true)
        #expect(configuration.conflicts.map(\.key) == ["storage-driver", "storage-opts"])
        #expect(configuration.conflicts.first?.sources == [daemonJSON, storage])
        #expect(
            configuration.conflicts.first?.message == "storage-driver is set both in /etc/docker/daemon.json and "
                + "as a dockerd flag in /etc/sysconfig/docker-storage (DOCKER_STORAGE_OPTIONS); dockerd refuses to start "
                + "with a key given twice ('the following directives are specified both as a flag and in the "
                + "configuration file'). Keep one of them.")
    }

    @Test func anyKeyGivenAsFlagAndInDaemonJSONIsAConflictNotJustStorage() throws {
        let host = try redHatDocker113()
        try host.write(
            "/etc/docker/daemon.json",
            "{\n  \"log-driver\": \"json-file\",\n  \"exec-opts\": [\"native.cgroupdriver=cgroupfs\"],\n  \"debug\": true\n}\n"
        )
        let configuration = try host.read()

        #expect(configuration.conflicts.map(\.key) == ["log-driver", "exec-opts"])
        #expect(
            configuration.conflicts.map { $0.sources.map(\.description) } == [
                ["/etc/docker/daemon.json", "/etc/sysconfig/docker (OPTIONS)"],
                ["/etc/docker/daemon.json", "\(Self.unitPath) (ExecStart, line \(HostLayouts.redHatExecStartLine))"],
            ])
        #expect(configuration.storageDriver == "devicemapper")
    }
}
