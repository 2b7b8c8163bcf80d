import HostConfig
import Testing

@testable import Preflight

/// `config.conflict` on host trees read by the real configuration reader.
@Suite struct ConfigConflictCheckTests {
    static let unit = """
        [Unit]
        Description=Docker Application Container Engine

        [Service]
        Type=notify
        ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock

        [Install]
        WantedBy=multi-user.target

        """
    static let unitPath = "/usr/lib/systemd/system/docker.service"
    static let dropInPath = "/etc/systemd/system/docker.service.d/storage.conf"

    @Test func flagAndDaemonJSONForOneKeyIsAWarningTheSwitchResolves() throws {
        let host = try FakeHostRoot()
        defer { host.remove() }
        try host.write(Self.unitPath, Self.unit)
        try host.write(
            Self.dropInPath, "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --storage-driver=devicemapper\n")
        try host.write("/etc/docker/daemon.json", "{\n  \"storage-driver\": \"overlay2\"\n}\n")
        let configuration = try DockerConfigurationReader.read(hostRoot: host.root)
        #expect(configuration.conflicts.map(\.key) == ["storage-driver"])

        let check = ConfigConflictCheck(configuration: configuration).check()
        #expect(check.id == "config.conflict")
        #expect(check.status == .warning)
        #expect(
            check.finding == "dockerd will not start as configured: set both as a flag and in daemon.json: "
                + "storage-driver in /etc/docker/daemon.json and \(Self.dropInPath) (ExecStart, line 3)")
        #expect(check.remedy?.contains("the switch leaves exactly one source for each key") == true)
    }

    @Test func configurationErrorIsABlocker() throws {
        let host = try FakeHostRoot()
        defer { host.remove() }
        try host.write(Self.unitPath, Self.unit)
        try host.write("/etc/docker/daemon.json", "{\n  \"storage-driver\": \"overlay2\",\n}\n")
        let configuration = try DockerConfigurationReader.read(hostRoot: host.root)

        let check = ConfigConflictCheck(configuration: configuration).check()
        #expect(check.status == .blocker)
        #expect(check.finding.hasPrefix("1 configuration error: /etc/docker/daemon.json line "), "\(check.finding)")
        #expect(check.finding.contains("is not valid JSON"))
    }

    @Test func cleanConfigurationIsOK() throws {
        let host = try FakeHostRoot()
        defer { host.remove() }
        try host.write(Self.unitPath, Self.unit)
        try host.write("/etc/docker/daemon.json", "{\n  \"storage-driver\": \"devicemapper\"\n}\n")
        let check = ConfigConflictCheck(configuration: try DockerConfigurationReader.read(hostRoot: host.root)).check()
        #expect(check.status == .ok)
        #expect(check.finding == "no key is set in two places (2 configuration sources in effect)")
    }
}
