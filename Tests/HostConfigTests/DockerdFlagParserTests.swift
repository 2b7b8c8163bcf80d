import Testing

@testable import HostConfig

@Suite("DockerdFlagParser: dockerd's argv as pflag reads it")
struct DockerdFlagParserTests {
    private let source = ConfigSource(
        kind: .defaultDocker, path: "/etc/default/docker", variable: "DOCKER_OPTS", line: 1, inEffect: true)

    private func parse(_ words: [String]) -> [DockerdArgument] {
        DockerdFlagParser.parse(words.map { AttributedWord(text: $0, source: source) }).map(\.argument)
    }

    private func summary(_ words: [String]) -> [String] {
        parse(words).map { "\($0.key ?? "-")=\($0.value ?? "nil") \($0.words)" }
    }

    @Test func storageFlagsInEverySpelling() {
        #expect(
            summary([
                "--storage-driver", "devicemapper", "--storage-driver=overlay2", "-s", "vfs", "-sbtrfs", "-s=zfs",
            ]) == [
                #"storage-driver=devicemapper ["--storage-driver", "devicemapper"]"#,
                #"storage-driver=overlay2 ["--storage-driver=overlay2"]"#,
                #"storage-driver=vfs ["-s", "vfs"]"#,
                #"storage-driver=btrfs ["-sbtrfs"]"#,
                #"storage-driver=zfs ["-s=zfs"]"#,
            ])
    }

    @Test func everyFlagMapsToItsDaemonJSONKey() {
        let arguments = parse([
            "--storage-opt", "dm.fs=xfs", "--storage-opt=dm.basesize=20G", "--data-root", "/srv/docker", "-g",
            "/old", "--graph=/older", "--exec-root=/run/d", "--config-file", "/etc/docker/other.json", "-H",
            "fd://", "--host=unix:///var/run/docker.sock",
        ])
        #expect(
            arguments.map(\.key) == [
                "storage-opts", "storage-opts", "data-root", "graph", "graph", "exec-root", "config-file", "hosts",
                "hosts",
            ])
        #expect(
            arguments.map(\.flag) == [
                "storage-opt", "storage-opt", "data-root", "graph", "graph", "exec-root", "config-file", "host", "host",
            ])
        #expect(
            arguments.map(\.value) == [
                "dm.fs=xfs", "dm.basesize=20G", "/srv/docker", "/old", "/older", "/run/d", "/etc/docker/other.json",
                "fd://", "unix:///var/run/docker.sock",
            ])
    }

    @Test func otherFlagsAreKeptWordForWord() {
        let arguments = parse([
            "--selinux-enabled", "--log-driver=journald", "--add-runtime", "docker-runc=/usr/libexec/docker-runc",
            "-D", "--exec-opt", "native.cgroupdriver=systemd", "--icc", "-s", "overlay2",
        ])
        #expect(
            arguments.map(\.words) == [
                ["--selinux-enabled"], ["--log-driver=journald"],
                ["--add-runtime", "docker-runc=/usr/libexec/docker-runc"],
                ["-D"], ["--exec-opt", "native.cgroupdriver=systemd"], ["--icc"], ["-s", "overlay2"],
            ])
        #expect(
            arguments.map(\.key) == [
                "selinux-enabled", "log-driver", "runtimes", "debug", "exec-opts", "icc", "storage-driver",
            ])
    }

    @Test func aValueFlagTakesTheNextWordEvenIfItLooksLikeAFlag() {
        #expect(
            summary(["--storage-driver", "--debug"]) == [#"storage-driver=--debug ["--storage-driver", "--debug"]"#])
    }

    @Test func missingValueAtTheEnd() {
        #expect(summary(["--storage-driver"]) == [#"storage-driver=nil ["--storage-driver"]"#])
    }

    @Test func shorthandsRunTogether() {
        #expect(summary(["-Ds", "devicemapper"]) == [#"storage-driver=devicemapper ["-Ds", "devicemapper"]"#])
    }

    @Test func plainWordsAndDoubleDash() {
        let arguments = parse(["daemon", "-s", "devicemapper", "--", "-s", "x"])
        #expect(arguments.map(\.words) == [["daemon"], ["-s", "devicemapper"], ["-s"], ["x"]])
        #expect(arguments.map(\.flag) == [nil, "storage-driver", nil, nil])
    }

    @Test func unknownShorthandKeepsItsValueWithoutGuessingAKey() {
        let arguments = parse(["-X", "value", "-s", "vfs"])
        #expect(arguments.map(\.words) == [["-X", "value"], ["-s", "vfs"]])
        #expect(arguments.map(\.key) == [nil, "storage-driver"])
    }

    @Test func settingIsAttributedToWhereItsValueLives() {
        let unit = ConfigSource(kind: .systemdUnit, path: "/lib/systemd/system/docker.service", line: 5, inEffect: true)
        let parsed = DockerdFlagParser.parse([
            AttributedWord(text: "--storage-driver", source: unit), AttributedWord(text: "overlay2", source: source),
        ])
        #expect(parsed.map(\.argument.source) == [unit])
        #expect(parsed.map(\.valueSource) == [source])
    }
}
