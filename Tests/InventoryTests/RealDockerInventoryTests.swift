import DockerState
import Foundation
import HostSystem
import Inventory
import Sandbox
import Testing

/// The inventory against real dockerd 20.10 sandboxes (vfs and overlay2) with the sample images: every field
/// checked against what `docker inspect` says, the exact tar sizes against `docker save`, and online against offline.
@Suite(.serialized) struct RealDockerInventoryTests {
    @Test(arguments: ["vfs", "overlay2"])
    func inventoryMatchesDockerOnlineAndOffline(driver: String) async throws {
        let sandbox = try await DockerSandbox.start(driver: driver)
        do {
            try await check(sandbox: sandbox, driver: driver)
            try await sandbox.remove()
        } catch {
            try? await sandbox.remove()
            throw error
        }
        TestSupport.recordEvidence("real-dockerd-inventory-\(driver)")
    }

    private func check(sandbox: DockerSandbox, driver: String) async throws {
        let samples = try await SampleImages.build(in: sandbox)
        let online = try await InventoryBuilder(
            options: InventoryOptions(hostRoot: sandbox.hostRoot, host: sandbox.hostURL)
        ).build()
        #expect(online.mode == .online)
        #expect(online.docker.storageDriver == driver)
        #expect(online.docker.dataRoot == "/var/lib/docker")
        #expect(online.docker.version?.hasPrefix("20.10") == true)
        #expect(online.docker.configuration.storageDriver == driver)
        #expect(online.problems.filter { $0.severity == .error }.isEmpty, "\(online.problems)")

        try await compareImages(online, sandbox: sandbox, samples: samples)
        try await compareContainers(online, sandbox: sandbox)
        try await compareVolumes(online, sandbox: sandbox, samples: samples)
        try await compareTarSizesWithDockerSave(online, sandbox: sandbox)

        // The command line gives the same document.
        let cli = try await TestSupport.drivershift([
            "inventory", "--host-root", sandbox.directory, "--host", sandbox.hostURL, "--format", "json",
        ])
        #expect(cli.exitCode == 0, "\(cli.standardError)")
        let decoded = try JSONDecoder().decode(HostInventory.self, from: Data(cli.standardOutput.utf8))
        #expect(decoded.schemaVersion == HostInventory.currentSchemaVersion)
        #expect(decoded.images == online.images)

        // Offline: the daemon is stopped and everything comes from the data root on disk.
        try await sandbox.stop()
        let offline = try await InventoryBuilder(options: InventoryOptions(hostRoot: sandbox.hostRoot)).build()
        #expect(offline.mode == .offline)
        #expect(offline.docker.storageDriver == driver)
        #expect(offline.images == online.images)
        #expect(offline.containers.map(Comparable.init) == online.containers.map(Comparable.init))
        #expect(offline.volumes.map(\.name) == online.volumes.map(\.name))
        #expect(offline.volumes.map(\.mountpoint) == online.volumes.map(\.mountpoint))
        #expect(offline.volumes.map(\.bytes) == online.volumes.map(\.bytes))
        #expect(offline.totals == online.totals)

        // This machine's own root with only --data-root pointing at the sandbox: no daemon.json names a driver, so
        // it is found from the image store, and the version comes from the installed dockerd binary.
        let live = try await TestSupport.drivershift([
            "inventory", "--offline", "--data-root", sandbox.dataRoot, "--format", "json",
        ])
        #expect(live.exitCode == 0, "\(live.standardError)")
        let liveInventory = try JSONDecoder().decode(HostInventory.self, from: Data(live.standardOutput.utf8))
        #expect(liveInventory.docker.storageDriver == driver)
        #expect(liveInventory.docker.storageDriverSource == "image-store")
        #expect(liveInventory.docker.versionSource?.hasPrefix("binary") == true)
        #expect(liveInventory.docker.version?.hasPrefix("20.10") == true)
        #expect(liveInventory.images == offline.images)

        let table = try await TestSupport.drivershift(["inventory", "--host-root", sandbox.directory])
        #expect(table.exitCode == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("DOCKER (offline"))
        #expect(table.standardOutput.contains(SampleImages.appReference))
    }

    /// The container fields both modes report; SizeRw is the daemon's and only overlay2 can match it offline.
    struct Comparable: Equatable {
        let id, name: String
        let image: String?
        let imageID: Digest?
        let state: String
        let driver: String?
        init(_ entry: ContainerEntry) {
            (id, name, image, imageID, state, driver) =
                (entry.id, entry.name, entry.image, entry.imageID, entry.state, entry.driver)
        }
    }

    private func compareImages(_ inventory: HostInventory, sandbox: DockerSandbox, samples: SampleImageSet) async throws
    {
        let ids = try await sandbox.docker(["image", "ls", "--all", "--quiet", "--no-trunc"]).standardOutput
            .split(separator: "\n").map(String.init)
        #expect(Set(inventory.images.map(\.id.description)) == Set(ids))
        for image in inventory.images {
            let inspected = try await sandbox.dockerJSON(["image", "inspect", image.id.description])
            let fields = try #require((inspected as? [[String: Any]])?.first)
            #expect(image.tags == ((fields["RepoTags"] as? [String]) ?? []).sorted())
            #expect(image.repoDigests == ((fields["RepoDigests"] as? [String]) ?? []).sorted())
            #expect(image.created == fields["Created"] as? String)
            let parent = fields["Parent"] as? String
            #expect(image.parent?.description == ((parent?.isEmpty ?? true) ? nil : parent))
            let rootFS = fields["RootFS"] as? [String: Any]
            #expect(image.layers.map(\.diffID.description) == (rootFS?["Layers"] as? [String] ?? []))
            #expect(image.size == (fields["Size"] as? NSNumber)?.uint64Value, "size of \(image.id)")
            for layer in image.layers {
                #expect(layer.cacheID != nil && layer.tarSize != nil, "layer \(layer.diffID) of \(image.id)")
            }
        }
        let dangling = inventory.images.filter(\.dangling).map(\.id.description)
        #expect(dangling == [samples.danglingImageID])
        let app = try #require(inventory.images.first { $0.tags.contains(SampleImages.appReference) })
        #expect(app.tags.contains(SampleImages.appLatestReference))
        let tool = try #require(inventory.images.first { $0.tags.contains(SampleImages.toolReference) })
        #expect(Array(tool.layers.prefix(app.layers.count)) == app.layers, "tool shares app's layers")
        // Shared layers are counted once.
        let distinct = Set(inventory.images.flatMap { $0.layers.map(\.diffID) })
        #expect(inventory.totals.uniqueLayers == distinct.count)
    }

    private func compareContainers(_ inventory: HostInventory, sandbox: DockerSandbox) async throws {
        let ids = try await sandbox.docker(["ps", "--all", "--quiet", "--no-trunc"]).standardOutput
            .split(separator: "\n").map(String.init)
        #expect(Set(inventory.containers.map(\.id)) == Set(ids))
        #expect(inventory.containers.count >= 2)
        for container in inventory.containers {
            let inspected = try await sandbox.dockerJSON(["container", "inspect", container.id])
            let fields = try #require((inspected as? [[String: Any]])?.first)
            #expect("/" + container.name == fields["Name"] as? String)
            #expect(container.imageID?.description == fields["Image"] as? String)
            #expect(container.image == (fields["Config"] as? [String: Any])?["Image"] as? String)
            #expect(container.state == (fields["State"] as? [String: Any])?["Status"] as? String)
            #expect(container.driver == fields["Driver"] as? String)
        }
        let dirty = try #require(inventory.containers.first { $0.name == SampleImages.dirtyContainerName })
        #expect((dirty.writableLayerBytes ?? 0) > 0, "the dirty container's writable layer holds data")
    }

    private func compareVolumes(_ inventory: HostInventory, sandbox: DockerSandbox, samples: SampleImageSet)
        async throws
    {
        let volume = try #require(inventory.volumes.first { $0.name == samples.volumeName })
        let inspected = try await sandbox.dockerJSON(["volume", "inspect", samples.volumeName])
        let fields = try #require((inspected as? [[String: Any]])?.first)
        #expect(volume.driver == fields["Driver"] as? String)
        #expect(sandbox.hostRoot.resolve(volume.mountpoint) == fields["Mountpoint"] as? String)
        #expect((volume.bytes ?? 0) > 0)
    }

    /// Every layer tar `docker save` writes has the sha256 of its diffID and exactly the size the inventory
    /// computed from tar-split without reading layer content.
    private func compareTarSizesWithDockerSave(_ inventory: HostInventory, sandbox: DockerSandbox) async throws {
        let scratch = try TestSupport.temporaryDirectory("save")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let tagged = inventory.images.flatMap(\.tags)
        try await sandbox.docker(["save", "-o", "\(scratch)/images.tar"] + tagged)
        try await CommandRunner().check(Command("/bin/tar", ["-xf", "\(scratch)/images.tar", "-C", scratch]))
        var expected: [Digest: UInt64] = [:]
        for image in inventory.images where !image.tags.isEmpty {
            for layer in image.layers { expected[layer.diffID] = layer.tarSize }
        }
        var checked = 0
        for entry in try FileManager.default.contentsOfDirectory(atPath: scratch) {
            let path = "\(scratch)/\(entry)/layer.tar"
            guard let facts = try FileFacts.of(path), facts.isRegularFile else { continue }
            let digest = Digest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: path)))
            let size = try #require(expected[digest], "docker save wrote a layer \(digest) the inventory does not list")
            #expect(size == facts.apparentBytes, "tar size of \(digest)")
            checked += 1
        }
        #expect(checked > 0)
    }
}
