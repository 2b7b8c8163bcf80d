import ContainerCarry
import DriverShiftTestSupport
import Foundation

/// config.v2.json and hostconfig.json as dockerd 20.10 writes them (shapes taken from a real daemon's files),
/// with the parts a test varies as parameters.
struct ContainerFixture {
    var id: String
    var name: String
    var imageReference = "drivershift-test/app:1"
    var imageID = "sha256:" + String(repeating: "a", count: 64)
    var running = false
    var startedBefore = true
    var manuallyStopped = false
    var exitCode = 0
    var hostname: String?
    var restart = "no"
    var networkMode = "carrynet"
    var networks: [String: [String: Any]] = [:]
    var mountPoints: [String: [String: Any]] = [:]
    var binds: [String]?
    var links: [String]?
    var extraConfig: [String: Any] = [:]
    var extraHostConfig: [String: Any] = [:]

    init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    static func hexID(_ digit: Character) -> String { String(repeating: digit, count: 64) }

    var configV2: [String: Any] {
        var config: [String: Any] = [
            "Hostname": hostname ?? String(id.prefix(12)), "Domainname": "", "User": "", "Tty": false,
            "Env": ["PATH=/bin", "CARRY=1"], "Cmd": ["sh", "-c", "sleep 1000"], "Image": imageReference,
            "Volumes": NSNull(), "WorkingDir": "", "Entrypoint": NSNull(), "OnBuild": NSNull(),
            "Labels": ["carry.role": "test"], "ExposedPorts": ["80/tcp": [String: Any]()],
        ]
        config.merge(extraConfig) { $1 }
        return [
            "StreamConfig": [String: Any](),
            "State": [
                "Running": running, "Paused": false, "Restarting": false, "OOMKilled": false,
                "RemovalInProgress": false, "Dead": false, "Pid": running ? 4242 : 0, "ExitCode": exitCode,
                "Error": "", "StartedAt": startedBefore ? "2024-05-01T10:00:00.1Z" : "0001-01-01T00:00:00Z",
                "FinishedAt": "0001-01-01T00:00:00Z", "Health": NSNull(),
            ],
            "ID": id, "Created": "2024-05-01T09:59:59.5Z", "Managed": false, "Path": "sh", "Args": ["-c"],
            "Config": config, "Image": imageID,
            "NetworkSettings": ["Bridge": "", "SandboxID": "", "Networks": networks, "Ports": [String: Any]()],
            "Name": "/" + name, "Driver": "vfs", "OS": "linux", "RestartCount": 0,
            "HasBeenStartedBefore": startedBefore, "HasBeenManuallyStopped": manuallyStopped,
            "MountPoints": mountPoints, "SecretReferences": NSNull(),
        ]
    }

    var hostConfig: [String: Any] {
        var host: [String: Any] = [
            "Binds": binds ?? NSNull(), "ContainerIDFile": "", "LogConfig": ["Type": "json-file", "Config": [:]],
            "NetworkMode": networkMode, "PortBindings": ["80/tcp": [["HostIp": "", "HostPort": "8080"]]],
            "RestartPolicy": ["Name": restart, "MaximumRetryCount": 0], "AutoRemove": false, "VolumesFrom": NSNull(),
            "CapAdd": NSNull(), "Dns": [String](), "Links": links ?? NSNull(), "IpcMode": "private",
            "ShmSize": 67_108_864, "Runtime": "runc", "ConsoleSize": [0, 0], "Memory": 0,
            "MaskedPaths": ["/proc/kcore"],
        ]
        host.merge(extraHostConfig) { $1 }
        return host
    }

    /// An endpoint as the daemon records it: the short ID among the aliases, operational fields filled.
    static func endpoint(
        networkID: Character, aliases: [String], ipv4: String? = nil, links: [String]? = nil, containerID: String
    ) -> [String: Any] {
        [
            "IPAMConfig": ipv4.map { ["IPv4Address": $0] as Any } ?? NSNull(),
            "Links": links ?? NSNull(), "Aliases": aliases + [String(containerID.prefix(12))],
            "NetworkID": hexID(networkID), "EndpointID": hexID("e"), "Gateway": "172.31.0.1",
            "IPAddress": ipv4 ?? "172.31.0.7", "IPPrefixLen": 24, "MacAddress": "02:42:ac:1f:00:07",
            "DriverOpts": NSNull(), "IPAMOperational": false,
        ]
    }

    static func volumeMount(name: String, destination: String, anonymous: Bool = false) -> [String: Any] {
        var spec: [String: Any] = ["Type": "volume", "Target": destination]
        if !anonymous { spec["Source"] = name }
        return [
            "Source": "/var/lib/docker/volumes/\(name)/_data", "Destination": destination, "RW": true, "Name": name,
            "Driver": "local", "Type": "volume", "Relabel": "z", "Spec": spec, "SkipMountpointCreation": false,
        ]
    }

    static func bindMount(source: String, destination: String) -> [String: Any] {
        [
            "Source": source, "Destination": destination, "RW": false, "Name": "", "Driver": "", "Type": "bind",
            "Relabel": "ro", "Propagation": "rslave",
            "Spec": ["Type": "bind", "Source": source, "Target": destination, "ReadOnly": true],
        ]
    }

    /// Writes `<containers>/<id>/config.v2.json` and `hostconfig.json`.
    func write(into containers: String) throws {
        let directory = "\(containers)/\(id)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: configV2).write(
            to: URL(fileURLWithPath: "\(directory)/config.v2.json"))
        try JSONSerialization.data(withJSONObject: hostConfig).write(
            to: URL(fileURLWithPath: "\(directory)/hostconfig.json"))
    }

    /// Parsed straight from the fixture's bytes.
    func snapshot() throws -> ContainerSnapshot {
        try ContainerSnapshot.parse(
            configV2: JSONSerialization.data(withJSONObject: configV2),
            hostConfig: JSONSerialization.data(withJSONObject: hostConfig), directory: "/fixture/containers/\(id)")
    }

    static func temporaryContainersDirectory() throws -> String {
        try DriverShiftBinary.temporaryDirectory("containers")
    }
}
