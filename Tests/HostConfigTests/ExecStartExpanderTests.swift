import Testing

@testable import HostConfig

@Suite("ExecStartExpander: systemd's $VAR and ${VAR}, with attribution")
struct ExecStartExpanderTests {
    private let unit = ConfigSource(
        kind: .systemdUnit, path: "/usr/lib/systemd/system/docker.service", line: 9, inEffect: true)
    private let storage = ConfigSource(
        kind: .sysconfigDockerStorage, path: "/etc/sysconfig/docker-storage", variable: "DOCKER_STORAGE_OPTIONS",
        line: 1,
        inEffect: true)
    private let root = ConfigSource(
        kind: .environmentFile, path: "/etc/docker/env", variable: "ROOT", line: 2, inEffect: true)

    private var environment: [String: EnvironmentVariable] {
        [
            "DOCKER_STORAGE_OPTIONS": EnvironmentVariable(
                value: "--storage-driver devicemapper --storage-opt 'dm.fs=xfs'", source: storage),
            "ROOT": EnvironmentVariable(value: "/srv/my docker", source: root),
        ]
    }

    @Test func wholeWordVariableIsSplitAndAttributedToItsFile() throws {
        let expansion = try ExecStartExpander.expand(
            "/usr/bin/dockerd -H fd:// $DOCKER_STORAGE_OPTIONS $UNDEFINED", literalSource: unit,
            environment: environment)
        #expect(
            expansion.words.map(\.text) == [
                "/usr/bin/dockerd", "-H", "fd://", "--storage-driver", "devicemapper", "--storage-opt", "dm.fs=xfs",
            ])
        #expect(expansion.words.map(\.source) == [unit, unit, unit, storage, storage, storage, storage])
        #expect(expansion.referencedVariables == ["DOCKER_STORAGE_OPTIONS", "UNDEFINED"])
    }

    @Test func bracedVariableIsOneWordEvenWithSpaces() throws {
        let expansion = try ExecStartExpander.expand(
            "/usr/bin/dockerd --data-root=${ROOT} ${NOPE}x $$HOME", literalSource: unit, environment: environment)
        #expect(expansion.words.map(\.text) == ["/usr/bin/dockerd", "--data-root=/srv/my docker", "x", "$HOME"])
        #expect(expansion.words.map(\.source) == [unit, root, unit, unit])
        #expect(expansion.referencedVariables == ["ROOT", "NOPE"])
    }

    @Test func executablePrefixesAndArgv0() throws {
        let expansion = try ExecStartExpander.expand(
            "-@/usr/bin/dockerd dockerd -s vfs", literalSource: unit, environment: [:])
        #expect(expansion.words.map(\.text) == ["/usr/bin/dockerd", "-s", "vfs"])
    }
}
