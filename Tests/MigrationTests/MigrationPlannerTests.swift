import Foundation
import Testing

@testable import Inventory
@testable import Migration
@testable import StorageSwitch

/// What the planner decides per container, by policy and by what its writable layer holds.
@Suite struct MigrationPlannerTests {
    static func planner(_ policy: ContainerPolicy) throws -> MigrationPlanner {
        let playbook = try Playbook.parse(
            "format: 1\nname: overlay2\ndescription: d\ntarget: overlay2\nsteps:\n  - name: preflight\n",
            path: "inline")
        return MigrationPlanner(
            options: MigrationOptions(
                storage: StorageSwitchOptions(
                    targetKind: .overlay2, daemonControl: .systemd, inventory: InventoryOptions()),
                playbook: playbook, containerPolicy: policy))
    }

    static func container(_ name: String, writable: UInt64?) -> ContainerEntry {
        ContainerEntry(
            id: name + "-id", name: name, image: "app:1", imageID: nil, state: "exited", driver: "vfs",
            writableLayerBytes: writable)
    }

    @Test(arguments: [
        (ContainerPolicy.recreate, UInt64?(0), PlannedContainer.Action.recreate, false),
        (.recreate, 4096, .commitAndRecreate, true),
        (.recreate, nil, .commitAndRecreate, true),
        (.commitOnly, 4096, .commitOnly, true),
        (.commitOnly, 0, .skip, false),
        (.skip, 4096, .skip, false),
    ])
    func actionFollowsPolicyAndWritableLayer(
        policy: ContainerPolicy, writable: UInt64?, action: PlannedContainer.Action, commits: Bool
    ) throws {
        let planned = try Self.planner(policy).plannedContainer(Self.container("Web_1", writable: writable))
        #expect(planned.action == action)
        #expect((planned.committedImage != nil) == commits)
        if commits { #expect(planned.committedImage == "drivershift/committed:web_1") }
    }

    @Test func skippedAndCommitOnlyContainersAreNamedAsNotCarried() throws {
        let planner = try Self.planner(.commitOnly)
        let containers = [
            planner.plannedContainer(Self.container("kept", writable: 10)),
            planner.plannedContainer(Self.container("clean", writable: 0)),
        ]
        let items = planner.notCarried(containers: containers, inventory: try Self.emptyInventory())
        #expect(items.map(\.name) == ["kept", "clean"])
        #expect(items[0].reason.contains("drivershift/committed:kept"))
    }

    @Test func tagSafeNamesAreValidDockerTags() {
        #expect(MigrationPlanner.tagSafe("My App/v1") == "my-app-v1")
        #expect(MigrationPlanner.tagSafe("-.x.-") == "x")
        #expect(MigrationPlanner.tagSafe(String(repeating: "a", count: 200)).count == 120)
    }

    static func emptyInventory() throws -> HostInventory {
        let json = """
            {"schemaVersion":1,"generatedAt":"t","mode":"offline","hostRoot":"/",
             "docker":{"daemonRunning":false,"dataRoot":"/var/lib/docker","storageOptions":[],
              "configuration":{"sources":[],"settings":[],"conflicts":[],"problems":[],"dockerdArguments":[],
               "configFile":"/etc/docker/daemon.json","daemonJSONKeyOrder":[],"storageOptions":[],
               "dataRoot":"/var/lib/docker"}},
             "images":[],"containers":[],"volumes":[],
             "totals":{"images":0,"taggedImages":0,"danglingImages":0,"uniqueLayers":0,"uniqueLayerBytes":0,
              "exportBytesTagged":0,"exportBytesAll":0,"containers":0,"volumes":0,"volumeBytes":0},
             "problems":[]}
            """
        return try JSONDecoder().decode(HostInventory.self, from: Data(json.utf8))
    }
}
