import ContainerCarry
import DockerEngine
import Testing

@Suite("What is sent to recreate a container")
struct RecreateRequestTests {
    let webID = ContainerSnapshotTests.webID

    @Test("config goes back whole, with the image to use and without what the daemon regenerates")
    func config() throws {
        let web = try ContainerSnapshotTests.web.snapshot()
        let request = RecreateRequest(snapshot: web, imageReference: "drivershift-carry/web:committed")
        #expect(request.name == "web")
        #expect(request.config["Image"] == .string("drivershift-carry/web:committed"))
        #expect(request.config["Hostname"] == .string("webhost"), "a chosen hostname is kept")
        #expect(request.config["FutureConfigField"] == web.config["FutureConfigField"])
        #expect(request.config["Cmd"] == web.config["Cmd"])
        #expect(request.config["ExposedPorts"] == web.config["ExposedPorts"])
        #expect(request.hostConfig["FutureHostField"] == .string("kept"))
        #expect(request.hostConfig["RestartPolicy"] == web.hostConfig["RestartPolicy"])
        #expect(request.hostConfig["PortBindings"] == web.hostConfig["PortBindings"])

        var plain = ContainerFixture(id: ContainerFixture.hexID("5"), name: "plain")
        plain.networkMode = "none"
        let plainRequest = RecreateRequest(snapshot: try plain.snapshot(), imageReference: "x:1")
        #expect(plainRequest.config["Hostname"] == nil, "the old short ID is not carried as a hostname")
        #expect(plainRequest.networkingConfig == nil)
        #expect(plainRequest.additionalNetworks.isEmpty)
    }

    @Test("the network-mode network joins on create, the others after; only chosen settings are sent")
    func networks() throws {
        let request = RecreateRequest(snapshot: try ContainerSnapshotTests.web.snapshot(), imageReference: "x:1")
        #expect(request.primaryNetwork?.network == "carrynet")
        let primary = try #require(request.networkingConfig?["EndpointsConfig"]?["carrynet"])
        #expect(primary["Aliases"] == .array([.string("web"), .string("webhost")]))
        #expect(primary["IPAMConfig"] == .object(["IPv4Address": .string("172.31.0.10")]))
        #expect(primary["NetworkID"] == nil && primary["IPAddress"] == nil && primary["MacAddress"] == nil)
        #expect(request.additionalNetworks.map(\.network) == ["back"])
        #expect(request.additionalNetworks.first?.settings["Links"] == .array([.string("db:database")]))
        #expect(request.additionalNetworks.first?.settings["Aliases"] == .array([.string("back")]))
    }

    @Test("an anonymous volume is named, so the new container gets the old volume and its data")
    func anonymousVolumes() throws {
        let web = try ContainerSnapshotTests.web.snapshot()
        let request = RecreateRequest(snapshot: web, imageReference: "x:1")
        let anonymous = ContainerFixture.hexID("9")
        #expect(
            request.hostConfig["Binds"]?.strings == ["carry-data:/data", "/srv/bind:/bind:ro", "\(anonymous):/cache"])

        var mounted = ContainerSnapshotTests.web
        mounted.binds = nil
        mounted.extraHostConfig = ["Mounts": [["Type": "volume", "Target": "/cache"]]]
        mounted.mountPoints = [
            "/cache": ContainerFixture.volumeMount(name: anonymous, destination: "/cache", anonymous: true)
        ]
        let viaMounts = RecreateRequest(snapshot: try mounted.snapshot(), imageReference: "x:1")
        #expect(viaMounts.hostConfig["Mounts"]?.array?.first?["Source"] == .string(anonymous))
        #expect(viaMounts.hostConfig["Binds"] == .null, "no second mount on the same destination")
    }

    @Test("references to other containers by their old IDs become their names")
    func peers() throws {
        let web = try ContainerSnapshotTests.web.snapshot()
        var side = ContainerFixture(id: ContainerSnapshotTests.sideID, name: "aside")
        side.networkMode = "container:" + webID
        side.extraHostConfig = ["IpcMode": "container:" + webID, "VolumesFrom": [webID + ":ro"]]
        side.extraConfig = ["ExposedPorts": ["80/tcp": [String: Any]()]]
        let request = RecreateRequest(snapshot: try side.snapshot(), imageReference: "x:1", peers: [web])
        #expect(request.hostConfig["NetworkMode"] == .string("container:web"))
        #expect(request.hostConfig["IpcMode"] == .string("container:web"))
        #expect(request.hostConfig["VolumesFrom"] == .array([.string("web:ro")]))
        // dockerd refuses a hostname and exposed ports with a container network mode.
        #expect(request.config["Hostname"] == nil)
        #expect(request.config["ExposedPorts"] == nil)
        #expect(request.networks.isEmpty)

        var linked = ContainerFixture(id: ContainerFixture.hexID("6"), name: "legacy")
        linked.networkMode = "default"
        linked.links = ["/web:/legacy/db"]
        let legacy = RecreateRequest(snapshot: try linked.snapshot(), imageReference: "x:1", peers: [web])
        #expect(legacy.hostConfig["Links"] == .array([.string("web:db")]))
    }
}
