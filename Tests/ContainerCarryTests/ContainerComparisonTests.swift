import ContainerCarry
import DockerEngine
import Foundation
import Testing

@Suite("Comparing a recreated container with its snapshot")
struct ContainerComparisonTests {
    static let newID = ContainerFixture.hexID("7")

    /// What `docker inspect` would show for `fixture` recreated faithfully under `newID`.
    static func inspection(of fixture: ContainerFixture, change: (inout [String: Any]) -> Void = { _ in }) throws
        -> EngineContainerInspection
    {
        let stored = fixture.configV2
        var config = try #require(stored["Config"] as? [String: Any])
        if fixture.hostname == nil { config["Hostname"] = String(newID.prefix(12)) }
        var networks: [String: Any] = [:]
        for (name, endpoint) in fixture.networks {
            var settings = endpoint
            let aliases = (endpoint["Aliases"] as? [String] ?? []).filter { $0 != String(fixture.id.prefix(12)) }
            settings["Aliases"] = aliases + [String(newID.prefix(12))]
            settings["EndpointID"] = ContainerFixture.hexID("f")
            networks[name] = settings
        }
        let mounts: [[String: Any]] = fixture.mountPoints.values.map { point in
            [
                "Type": point["Type"] ?? "", "Name": point["Name"] ?? "", "Source": point["Source"] ?? "",
                "Destination": point["Destination"] ?? "", "RW": point["RW"] ?? true, "Driver": point["Driver"] ?? "",
            ]
        }
        var host = fixture.hostConfig
        let anonymous = fixture.mountPoints.values.filter { ($0["Spec"] as? [String: Any])?["Source"] == nil }
        if !anonymous.isEmpty {
            let extra = anonymous.map { "\($0["Name"] ?? ""):\($0["Destination"] ?? "")" }
            host["Binds"] = (fixture.binds ?? []) + extra
        }
        var raw: [String: Any] = [
            "Id": newID, "Name": "/" + fixture.name, "Image": fixture.imageID, "Config": config, "HostConfig": host,
            "State": ["Running": fixture.running, "Status": fixture.running ? "running" : "exited"],
            "NetworkSettings": ["Networks": networks], "Mounts": mounts,
        ]
        change(&raw)
        let json = try JSONDecoder().decode(EngineJSON.self, from: JSONSerialization.data(withJSONObject: raw))
        return try EngineContainerInspection(raw: json, endpoint: "test")
    }

    @Test("a faithful recreation has no differences, though its ID, short-ID alias and volume binds are new")
    func identical() throws {
        let web = ContainerSnapshotTests.web
        let differences = ContainerComparison.compare(before: try web.snapshot(), after: try Self.inspection(of: web))
        #expect(differences.isEmpty, "\(differences)")

        var plain = ContainerFixture(id: ContainerFixture.hexID("5"), name: "plain")
        plain.networkMode = "none"
        let plainDifferences = ContainerComparison.compare(
            before: try plain.snapshot(), after: try Self.inspection(of: plain))
        #expect(plainDifferences.isEmpty, "default hostnames differ, as the IDs do: \(plainDifferences)")
    }

    @Test(
        "each kind of change is reported by its field",
        arguments: [
            ("Config.Cmd", ["Config", "Cmd"], #"["sh"]"#),
            ("Config.Env", ["Config", "Env"], #"["PATH=/bin"]"#),
            ("Config.Labels", ["Config", "Labels"], "{}"),
            ("Config.Entrypoint", ["Config", "Entrypoint"], #"["/bin/sh"]"#),
            ("Config.FutureConfigField", ["Config", "FutureConfigField"], "null"),
            ("Config.Hostname", ["Config", "Hostname"], #""otherhost""#),
            ("HostConfig.RestartPolicy", ["HostConfig", "RestartPolicy"], #"{"Name": "no"}"#),
            ("HostConfig.PortBindings", ["HostConfig", "PortBindings"], "null"),
            ("HostConfig.NetworkMode", ["HostConfig", "NetworkMode"], #""back""#),
            ("name", ["Name"], #""/webby""#),
            ("image", ["Image"], #""sha256:bbbb""#),
            ("running", ["State"], #"{"Running": false}"#),
            ("mount /data", ["Mounts"], "[]"),
            ("networks", ["NetworkSettings"], #"{"Networks": {}}"#),
        ])
    func changes(field: String, path: [String], json: String) throws {
        let web = ContainerSnapshotTests.web
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let after = try Self.inspection(of: web) { raw in
            if path.count == 1 {
                raw[path[0]] = value
            } else {
                var section = raw[path[0]] as? [String: Any] ?? [:]
                section[path[1]] = value
                raw[path[0]] = section
            }
        }
        let differences = ContainerComparison.compare(before: try web.snapshot(), after: after)
        #expect(differences.map(\.field).contains(field), "\(differences)")
    }

    @Test("network aliases, static addresses and links are compared per network")
    func networkDetails() throws {
        var web = ContainerSnapshotTests.web
        let before = try web.snapshot()
        web.networks["carrynet"] = ContainerFixture.endpoint(
            networkID: "c", aliases: ["webhost"], ipv4: "172.31.0.11", containerID: web.id)
        web.networks["back"] = ContainerFixture.endpoint(networkID: "b", aliases: ["back"], containerID: web.id)
        let fields = ContainerComparison.compare(before: before, after: try Self.inspection(of: web)).map(\.field)
        #expect(fields.contains("network carrynet aliases"))
        #expect(fields.contains("network carrynet static addresses"))
        #expect(fields.contains("network back links"))
    }

    @Test("a committed image is expected when given; container references compare by name")
    func overridesAndPeers() throws {
        let committed = "sha256:" + String(repeating: "c", count: 64)
        var web = ContainerSnapshotTests.web
        let before = try web.snapshot()
        web.imageID = committed
        web.imageReference = "carry/web:committed"
        let after = try Self.inspection(of: web)
        #expect(!ContainerComparison.compare(before: before, after: after).isEmpty)
        #expect(
            ContainerComparison.compare(
                before: before, after: after, imageReference: "carry/web:committed", imageID: committed
            ).isEmpty)

        var side = ContainerFixture(id: ContainerSnapshotTests.sideID, name: "aside")
        side.networkMode = "container:" + ContainerSnapshotTests.webID
        let sideAfter = try Self.inspection(of: side) { raw in
            var host = raw["HostConfig"] as? [String: Any] ?? [:]
            host["NetworkMode"] = "container:" + Self.newID
            raw["HostConfig"] = host
        }
        let names = [ContainerSnapshotTests.webID: "web", Self.newID: "web"]
        #expect(
            ContainerComparison.compare(before: try side.snapshot(), after: sideAfter, containerNames: names).isEmpty)
        #expect(!ContainerComparison.compare(before: try side.snapshot(), after: sideAfter).isEmpty)
    }
}
