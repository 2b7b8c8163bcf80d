import ContainerCarry
import DockerEngine
import Foundation
import Testing

@Suite("Container snapshots read from disk")
struct ContainerSnapshotTests {
    static let webID = ContainerFixture.hexID("1")
    static let sideID = ContainerFixture.hexID("2")

    static var web: ContainerFixture {
        var web = ContainerFixture(id: webID, name: "web")
        web.running = true
        web.hostname = "webhost"
        web.restart = "unless-stopped"
        web.networks = [
            "carrynet": ContainerFixture.endpoint(
                networkID: "c", aliases: ["web", "webhost"], ipv4: "172.31.0.10", containerID: webID),
            "back": ContainerFixture.endpoint(
                networkID: "b", aliases: ["back"], links: ["db:database"], containerID: webID),
        ]
        web.mountPoints = [
            "/data": ContainerFixture.volumeMount(name: "carry-data", destination: "/data"),
            "/cache": ContainerFixture.volumeMount(
                name: ContainerFixture.hexID("9"), destination: "/cache", anonymous: true),
            "/bind": ContainerFixture.bindMount(source: "/srv/bind", destination: "/bind"),
        ]
        web.binds = ["carry-data:/data", "/srv/bind:/bind:ro"]
        web.extraConfig = ["FutureConfigField": ["kept": 1]]
        web.extraHostConfig = ["FutureHostField": "kept", "NanoCpus": 1_500_000_000]
        return web
    }

    @Test("every field a recreation needs, and fields drivershift does not know, survive")
    func parsesWhatDockerWrites() throws {
        let snapshot = try Self.web.snapshot()
        #expect(snapshot.id == Self.webID)
        #expect(snapshot.name == "web")
        #expect(snapshot.imageReference == "drivershift-test/app:1")
        #expect(snapshot.imageID == "sha256:" + String(repeating: "a", count: 64))
        #expect(snapshot.state == "running")
        #expect(snapshot.wasRunning)
        #expect(snapshot.restartPolicy == RestartPolicy(name: "unless-stopped"))
        #expect(snapshot.networkMode == "carrynet")
        #expect(snapshot.networks.map(\.network) == ["back", "carrynet"])
        let carrynet = try #require(snapshot.networks.last)
        #expect(carrynet.chosenAliases(containerID: Self.webID) == ["web", "webhost"])
        #expect(carrynet.ipv4Address == "172.31.0.10")
        #expect(snapshot.networks.first?.links == ["db:database"])
        #expect(snapshot.mounts.map(\.destination) == ["/bind", "/cache", "/data"])
        #expect(snapshot.mounts.map(\.isAnonymous) == [false, true, false])
        #expect(snapshot.mounts.first?.bindSource == "/srv/bind")
        #expect(snapshot.mounts.first?.readWrite == false)
        #expect(snapshot.mounts.last?.volumeName == "carry-data")
        #expect(snapshot.config["FutureConfigField"]?["kept"] == .integer(1))
        #expect(snapshot.hostConfig["FutureHostField"] == .string("kept"))
        #expect(snapshot.hostConfig["NanoCpus"] == .integer(1_500_000_000))
        #expect(snapshot.hostConfig["ShmSize"] == .integer(67_108_864))
    }

    @Test("loadAll reads every container, sorted by name; a list of running IDs overrides the files' state")
    func loadAll() throws {
        let directory = try ContainerFixture.temporaryContainersDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var side = ContainerFixture(id: Self.sideID, name: "aside")
        side.networkMode = "container:" + Self.webID
        try Self.web.write(into: directory)
        try side.write(into: directory)
        // Not a container directory: ignored.
        try Data().write(to: URL(fileURLWithPath: "\(directory)/stray-file"))

        let fromFiles = try ContainerSnapshot.loadAll(containersDirectory: directory)
        #expect(fromFiles.map(\.name) == ["aside", "web"])
        #expect(fromFiles.map(\.wasRunning) == [false, true])

        let recorded = try ContainerSnapshot.loadAll(containersDirectory: directory, runningIDs: [Self.sideID])
        #expect(recorded.map(\.wasRunning) == [true, false])
    }

    @Test("a missing or broken file is named with its container")
    func clearErrors() throws {
        let directory = try ContainerFixture.temporaryContainersDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.web.write(into: directory)
        let hostConfig = "\(directory)/\(Self.webID)/hostconfig.json"
        try FileManager.default.removeItem(atPath: hostConfig)
        let missing = #expect(throws: ContainerCarryError.self) {
            _ = try ContainerSnapshot.loadAll(containersDirectory: directory)
        }
        #expect("\(missing.map { "\($0)" } ?? "")".contains(hostConfig))
        #expect("\(missing.map { "\($0)" } ?? "")".contains("no such file"))

        try Data("{\"Binds\": [".utf8).write(to: URL(fileURLWithPath: hostConfig))
        let corrupt = #expect(throws: ContainerCarryError.self) {
            _ = try ContainerSnapshot.loadAll(containersDirectory: directory)
        }
        let message = corrupt.map { "\($0)" } ?? ""
        #expect(message.contains(hostConfig) && message.contains(Self.webID) && message.contains("not valid JSON"))

        let absent = #expect(throws: ContainerCarryError.self) {
            _ = try ContainerSnapshot.loadAll(containersDirectory: directory + "/nonexistent")
        }
        #expect((absent.map { "\($0)" } ?? "").contains(directory + "/nonexistent"))
    }

    @Test("a config without its image is refused, naming the field")
    func missingImage() throws {
        var fixture = Self.web
        fixture.imageID = ""
        let error = #expect(throws: ContainerCarryError.self) { _ = try fixture.snapshot() }
        #expect((error.map { "\($0)" } ?? "").contains("no Image"))
    }

    @Test(
        "the restart rule dockerd applies when it starts",
        arguments: [
            ("always", true, 0, true), ("always", false, 137, true), ("unless-stopped", false, 137, true),
            ("unless-stopped", true, 137, false), ("on-failure", false, 137, true), ("on-failure", false, 0, false),
            ("no", false, 137, false),
        ])
    func restartsWithDaemon(policy: String, manuallyStopped: Bool, exitCode: Int, restarts: Bool) throws {
        var fixture = ContainerFixture(id: Self.sideID, name: "policy")
        fixture.restart = policy
        fixture.manuallyStopped = manuallyStopped
        fixture.exitCode = exitCode
        let snapshot = try fixture.snapshot()
        #expect(!snapshot.wasRunning)
        #expect(snapshot.restartsWithDaemon == restarts)
        #expect(snapshot.shouldRun == restarts)
    }

    @Test("a container never started is not restarted by the daemon, whatever its policy")
    func neverStarted() throws {
        var fixture = ContainerFixture(id: Self.sideID, name: "fresh")
        fixture.restart = "always"
        fixture.startedBefore = false
        let snapshot = try fixture.snapshot()
        #expect(snapshot.state == "created")
        #expect(!snapshot.shouldRun)
    }

    @Test("containers come after the containers they name: network, IPC, volumes-from, links")
    func creationOrder() throws {
        var side = ContainerFixture(id: Self.sideID, name: "aside")
        side.networkMode = "container:" + Self.webID
        var db = ContainerFixture(id: ContainerFixture.hexID("3"), name: "db")
        db.extraHostConfig = ["VolumesFrom": ["zeta:ro"]]
        let zeta = ContainerFixture(id: ContainerFixture.hexID("4"), name: "zeta")
        // web links to db on its second network.
        let snapshots = try [side, Self.web, db, zeta].map { try $0.snapshot() }
        let ordered = ContainerSnapshot.creationOrder(snapshots).map(\.name)
        #expect(ordered == ["zeta", "db", "web", "aside"])
        let peers = try side.snapshot().peerReferences
        #expect(peers.map(\.role) == ["shares the network of"])
        #expect(ContainerSnapshot.resolve(String(Self.webID.prefix(12)), among: snapshots)?.name == "web")
        #expect(ContainerSnapshot.resolve("/db", among: snapshots)?.name == "db")
        #expect(ContainerSnapshot.resolve("nobody", among: snapshots) == nil)
    }
}
