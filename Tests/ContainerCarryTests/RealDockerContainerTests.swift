import ContainerCarry
import DockerEngine
import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox
import Testing

/// Containers carried from a stopped vfs daemon to a fresh overlay2 daemon, both real dockerd 20.10: read
/// from the data root, recreated, compared field by field, started as they were; volumes digested.
@Suite(.serialized) struct RealDockerContainerTests {
    static let committedReference = "drivershift-carry/dirty:committed"
    static let webName = "carry-web"
    static let workerName = "carry-worker"
    static let sideName = "carry-side"

    @Test("containers come back on overlay2 as they were on vfs; a second run changes nothing")
    func containersComeBack() async throws {
        let scratch = try DriverShiftBinary.temporaryDirectory("carry")
        let networks = CarryNetworks()
        var sandboxes: [DockerSandbox] = []
        do {
            let source = try await DockerSandbox.start(driver: "vfs")
            sandboxes.append(source)
            let prepared = try await prepareSource(source, scratch: scratch, networks: networks)
            let target = try await DockerSandbox.start(driver: "overlay2")
            sandboxes.append(target)
            try await carry(prepared, into: target, scratch: scratch, networks: networks)
        } catch {
            await Self.cleanUp(sandboxes, networks: networks, scratch: scratch)
            throw error
        }
        await Self.cleanUp(sandboxes, networks: networks, scratch: scratch)
        DriverShiftBinary.recordEvidence("real-dockerd-containers")
    }

    /// What the source daemon left behind, read after it stopped.
    struct Prepared {
        let snapshots: [ContainerSnapshot]
        let committedImageID: String
        let anonymousVolume: String
        let volumeDigests: [String: String]
        let imagesArchive: String
        let sourceVolumes: String
    }

    /// Sample images and containers, plus containers with what recreation must carry: two user networks with
    /// aliases, a static address and a link, a published port, a restart policy, named, anonymous and bind
    /// mounts, a running container whose running state only the recorded list knows, and one sharing
    /// another's network. Then: commit the dirty container, save the images, stop, and read the data root.
    private func prepareSource(_ source: DockerSandbox, scratch: String, networks: CarryNetworks) async throws
        -> Prepared
    {
        let samples = try await SampleImages.build(in: source)
        try await networks.create(in: source)
        let bind = "\(scratch)/bind"
        try FileManager.default.createDirectory(atPath: bind, withIntermediateDirectories: true)
        try Data("bound\n".utf8).write(to: URL(fileURLWithPath: "\(bind)/file"))
        try await source.docker([
            "run", "--detach", "--name", Self.webName,
            "--network", CarryNetworks.front, "--ip", CarryNetworks.webAddress, "--network-alias", "web", "--hostname",
            "webhost", "--publish", "127.0.0.1::80", "--restart",
            "unless-stopped", "--stop-timeout", "1", "--env", "CARRY=1", "--label", "carry.role=web",
            "--volume", "\(samples.volumeName):/data-volume", "--volume", "/cache", "--volume", "\(bind):/bind:ro",
            "--workdir", "/data", SampleImages.appReference, "sh", "-c", "echo cached > /cache/file; exec sleep 100000",
        ])
        try await source.docker(["network", "connect", "--alias", "back", CarryNetworks.back, Self.webName])
        try await source.docker([
            "run", "--detach", "--name", Self.workerName, "--network", CarryNetworks.front, "--link",
            "\(Self.webName):db", "--stop-timeout", "1", "--entrypoint", "sh", SampleImages.toolReference, "-c",
            "exec sleep 100000",
        ])
        try await source.docker([
            "create", "--name", Self.sideName, "--network", "container:\(Self.webName)", SampleImages.baseReference,
            "true",
        ])
        let running = Set(
            try await source.docker(["ps", "--quiet", "--no-trunc"]).standardOutput.split(separator: "\n")
                .map(String.init))
        #expect(running.count == 2)

        // The writable layer of the dirty container becomes an image, through the API under test.
        let client = try await EngineClient.connect(to: EngineEndpoint(socketPath: source.socketPath))
        let dirtyID = try #require(samples.containerIDs[SampleImages.dirtyContainerName])
        let (repository, tag) = ("drivershift-carry/dirty", "committed")
        let committed = try await client.commitContainer(dirtyID, repository: repository, tag: tag)
        #expect(committed.hasPrefix("sha256:"))
        let inspected = try await client.inspectContainer(Self.webName)
        let anonymous = try #require(
            inspected.mounts.first { $0["Destination"]?.string == "/cache" }?["Name"]?.string)
        let names = [
            Self.sideName, Self.webName, Self.workerName, SampleImages.cleanContainerName,
            SampleImages.dirtyContainerName,
        ]
        let listed = try await client.containers(withSizes: false)
        #expect(Set(listed.compactMap { $0.Names?.first }) == Set(names.map { "/" + $0 }))

        let archive = "\(scratch)/images.tar"
        try await source.docker(["save", "--output", archive] + samples.tags + [Self.committedReference])
        try await source.stop()
        await networks.removeBridges()

        // Dockerd stopped cleanly: every container is recorded as stopped, so the list taken before tells.
        let containers = "\(source.dataRoot)/containers"
        let fromDisk = try ContainerSnapshot.loadAll(containersDirectory: containers)
        #expect(!fromDisk.contains { $0.wasRunning })
        let snapshots = try ContainerSnapshot.loadAll(containersDirectory: containers, runningIDs: running)
        #expect(snapshots.map(\.name) == names.sorted())
        let web = try #require(snapshots.first { $0.name == Self.webName })
        #expect(web.wasRunning && web.restartsWithDaemon)
        #expect(web.networks.map(\.network) == [CarryNetworks.back, CarryNetworks.front])
        #expect(web.networks.last?.ipv4Address == CarryNetworks.webAddress)
        #expect(web.mounts.first { $0.destination == "/cache" }?.isAnonymous == true)
        let worker = try #require(snapshots.first { $0.name == Self.workerName })
        #expect(worker.wasRunning && !worker.restartsWithDaemon)
        #expect(worker.networks.first?.links == ["\(Self.webName):db"])
        #expect(snapshots.first { $0.name == Self.sideName }?.state == "created")

        let volumes = "\(source.dataRoot)/volumes"
        var digests: [String: String] = [:]
        for volume in [samples.volumeName, anonymous] {
            digests[volume] = try VolumeDigest.compute(path: "\(volumes)/\(volume)/_data")
        }
        return Prepared(
            snapshots: snapshots, committedImageID: committed, anonymousVolume: anonymous, volumeDigests: digests,
            imagesArchive: archive, sourceVolumes: volumes)
    }

    private func carry(_ prepared: Prepared, into target: DockerSandbox, scratch: String, networks: CarryNetworks)
        async throws
    {
        // Setup a migration does in its own steps: images loaded, volumes where they were.
        try await target.docker(["load", "--input", prepared.imagesArchive])
        let targetVolumes = "\(target.dataRoot)/volumes"
        for (volume, digest) in prepared.volumeDigests {
            try await target.docker(["volume", "create", volume])
            try await CommandRunner().check(
                Command(
                    "/bin/cp",
                    ["-a", "\(prepared.sourceVolumes)/\(volume)/_data/.", "\(targetVolumes)/\(volume)/_data/"]))
            #expect(try VolumeDigest.compute(path: "\(targetVolumes)/\(volume)/_data") == digest, "\(volume)")
        }
        let client = try await EngineClient.connect(to: EngineEndpoint(socketPath: target.socketPath))
        let ordered = ContainerSnapshot.creationOrder(prepared.snapshots)
        let webIndex = try #require(ordered.firstIndex { $0.name == Self.webName })
        #expect(try #require(ordered.firstIndex { $0.name == Self.sideName }) > webIndex)

        // Networks not made yet: refused before anything is created.
        let worker = try #require(prepared.snapshots.first { $0.name == Self.workerName })
        let refused = await #expect(throws: ContainerCarryError.self) {
            _ = try await ContainerRecreator.recreate(worker, peers: prepared.snapshots, client: client)
        }
        #expect((refused.map { "\($0)" } ?? "").contains("network \(CarryNetworks.front)"))
        #expect(try await client.inspectContainerIfPresent(Self.workerName) == nil)
        try await networks.create(in: target)

        func override(_ snapshot: ContainerSnapshot) -> String? {
            snapshot.name == SampleImages.dirtyContainerName ? Self.committedReference : nil
        }
        var outcomes: [String: RecreateOutcome] = [:]
        for snapshot in ordered {
            let outcome = try await ContainerRecreator.recreate(
                snapshot, image: override(snapshot), peers: prepared.snapshots, client: client)
            #expect(outcome.action == .created, "\(snapshot.name)")
            outcomes[snapshot.name] = outcome
        }
        try await compareAll(prepared, outcomes: outcomes, client: client)

        // Running state, content and addresses, seen from inside.
        let web = try #require(outcomes[Self.webName])
        #expect(web.started && outcomes[Self.workerName]?.started == true)
        #expect(outcomes[Self.sideName]?.started == false)
        #expect(outcomes[SampleImages.dirtyContainerName]?.imageID == prepared.committedImageID)
        let inside = try await target.docker([
            "exec", Self.webName, "sh", "-c", "cat /data-volume/hello.txt /cache/file /bind/file",
        ]).standardOutput
        #expect(inside == "hello\ncached\nbound\n")
        let address = try await target.docker([
            "inspect", "--format", "{{(index .NetworkSettings.Networks \"\(CarryNetworks.front)\").IPAddress}}",
            Self.webName,
        ]).standardOutput
        #expect(address.trimmingCharacters(in: .whitespacesAndNewlines) == CarryNetworks.webAddress)

        // The committed image holds the dirty container's changes.
        let content = try await target.docker([
            "run", "--rm", "--network", "none", Self.committedReference, "sh", "-c",
            "cat /dirty.txt /data/changed.txt; ls /data/keep",
        ]).standardOutput
        #expect(content == "dirty\nchanged\nchanged-by-container\n")

        // A second run finds everything done.
        let count = try await client.containers(withSizes: false).count
        for snapshot in ordered {
            let again = try await ContainerRecreator.recreate(
                snapshot, image: override(snapshot), peers: prepared.snapshots, client: client)
            #expect(again.action == .alreadyPresent && !again.started, "\(snapshot.name)")
            #expect(again.containerID == outcomes[snapshot.name]?.containerID)
        }
        #expect(try await client.containers(withSizes: false).count == count)

        // Undo, as a rollback does it: removed with --force, volumes stay; a later run makes them again.
        let webSnapshot = try #require(prepared.snapshots.first { $0.name == Self.webName })
        let side = try #require(prepared.snapshots.first { $0.name == Self.sideName })
        try await client.removeContainer(try #require(outcomes[Self.sideName]).containerID)
        try await client.removeContainer(web.containerID)
        #expect(try await client.inspectContainerIfPresent(Self.sideName) == nil)
        #expect(try await client.inspectContainerIfPresent(Self.webName) == nil)
        let volumesLeft = try await client.volumes().map(\.Name)
        #expect(Set(prepared.volumeDigests.keys).isSubset(of: Set(volumesLeft)))
        for snapshot in [webSnapshot, side] {
            let outcome = try await ContainerRecreator.recreate(snapshot, peers: prepared.snapshots, client: client)
            #expect(outcome.action == .created, "\(snapshot.name)")
        }
        let cache = try await client.inspectContainer(Self.webName).mounts.first {
            $0["Destination"]?.string == "/cache"
        }
        #expect(cache?["Name"]?.string == prepared.anonymousVolume, "the anonymous volume is the old one")

        // A name held by a container on another image is someone else's.
        let clean = try #require(prepared.snapshots.first { $0.name == SampleImages.cleanContainerName })
        let taken = await #expect(throws: ContainerCarryError.self) {
            _ = try await ContainerRecreator.recreate(clean, image: SampleImages.baseReference, client: client)
        }
        let message = taken.map { "\($0)" } ?? ""
        #expect(message.contains("already exists") && message.contains(SampleImages.cleanContainerName), "\(message)")

        // Recreation touched no volume byte.
        try await target.stop()
        for (volume, digest) in prepared.volumeDigests {
            #expect(try VolumeDigest.compute(path: "\(targetVolumes)/\(volume)/_data") == digest, "\(volume)")
        }
    }

    /// Every recreated container equals its snapshot, field by field.
    private func compareAll(_ prepared: Prepared, outcomes: [String: RecreateOutcome], client: EngineClient)
        async throws
    {
        var names: [String: String] = [:]
        for snapshot in prepared.snapshots { names[snapshot.id] = snapshot.name }
        for outcome in outcomes.values { names[outcome.containerID] = outcome.name }
        for snapshot in prepared.snapshots {
            let outcome = try #require(outcomes[snapshot.name])
            let after = try await client.inspectContainer(outcome.containerID)
            let committed = snapshot.name == SampleImages.dirtyContainerName
            let differences = ContainerComparison.compare(
                before: snapshot, after: after, imageReference: committed ? Self.committedReference : nil,
                imageID: committed ? prepared.committedImageID : nil, containerNames: names)
            #expect(differences.isEmpty, "\(snapshot.name): \(differences.map(\.description))")
            #expect(after.running == snapshot.shouldRun, "\(snapshot.name)")
        }
    }

    private static func cleanUp(_ sandboxes: [DockerSandbox], networks: CarryNetworks, scratch: String) async {
        for sandbox in sandboxes { try? await sandbox.remove() }
        await networks.removeBridges()
        try? FileManager.default.removeItem(atPath: scratch)
    }
}
