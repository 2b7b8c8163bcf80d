import DockerState
import Foundation
import HostSystem
import LayerArchive
import Sandbox
import Testing

/// Export against real dockerd 20.10 sandboxes: from disk with the daemon running and stopped, through the
/// daemon, loaded into a second real dockerd with `docker load`, compared with `docker save` byte for byte;
/// then a flipped byte, an interrupted export, too little space and bad requests.
@Suite(.serialized) struct RealDockerExportTests {
    @Test(arguments: ["vfs", "overlay2"])
    func exportLoadsIntoAFreshDaemonIdentically(driver: String) async throws {
        let source = try await DockerSandbox.start(driver: driver)
        var target: DockerSandbox?
        let scratch = try ExportTestSupport.temporaryDirectory("export-\(driver)")
        do {
            let samples = try await SampleImages.build(in: source)
            try await ExportTestSupport.buildTrickyImage(in: source)
            target = try await DockerSandbox.start(driver: "overlay2")
            try await check(source: source, target: try #require(target), samples: samples, scratch: scratch)
        } catch {
            try? await source.remove()
            try? await target?.remove()
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
        try await source.remove()
        try await target?.remove()
        try? FileManager.default.removeItem(atPath: scratch)
        ExportTestSupport.recordEvidence("real-dockerd-export-\(driver)")
    }

    private func check(source: DockerSandbox, target: DockerSandbox, samples: SampleImageSet, scratch: String)
        async throws
    {
        let host = ["--host-root", source.directory, "--host", source.hostURL]

        // 1. From disk, daemon running, every image (untagged ones by ID).
        let store = "\(scratch)/store"
        let export = try await ExportTestSupport.drivershift(
            ["export"] + host + ["--to", store, "--all", "--source", "disk"])
        #expect(export.exitCode == 0, "\(export.standardError)")
        #expect(export.standardOutput.contains("exported"))
        let record = try JSONDecoder().decode(
            ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(store)/drivershift-export.json")))
        #expect(record.notExported.isEmpty, "\(record.notExported)")
        #expect(record.images.allSatisfy { $0.layers.allSatisfy { $0.source == "tar-split" } })
        try checkPermissions(store)

        // Each blob is named by its own sha256 (every layer's equals its diffID, every config's its image ID).
        let blobs = try ExportTestSupport.blobNames(store)
        for name in blobs {
            #expect(try ExportTestSupport.sha256(ofFile: "\(store)/blobs/sha256/\(name)") == name)
        }
        let verify = try await ExportTestSupport.drivershift(["verify", store])
        #expect(verify.exitCode == 0, "\(verify.standardOutput)\(verify.standardError)")

        // OCI tools read the same store: skopeo picks an image by its full name.
        let app = try #require(record.images.first { $0.tags.contains(SampleImages.appReference) })
        let skopeo = try await CommandRunner().check(
            Command("/usr/bin/skopeo", ["inspect", "--raw", "oci:\(store):\(SampleImages.appReference)"]))
        let ociManifest = try #require(
            try JSONSerialization.jsonObject(with: Data(skopeo.standardOutput.utf8)) as? [String: Any])
        #expect((ociManifest["config"] as? [String: Any])?["digest"] as? String == app.id)
        let ociLayers = (ociManifest["layers"] as? [[String: Any]])?.compactMap { $0["digest"] as? String }
        #expect(ociLayers == app.layers.map(\.diffID))

        // 2. docker save of the tagged images: every layer.tar it writes equals one of ours, byte for byte.
        let tagged = record.images.flatMap(\.tags)
        try await source.docker(["save", "-o", "\(scratch)/saved.tar"] + tagged)
        let saved = "\(scratch)/saved"
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        try await CommandRunner().check(Command("/bin/tar", ["-xf", "\(scratch)/saved.tar", "-C", saved]))
        var compared = 0
        for entry in try FileManager.default.contentsOfDirectory(atPath: saved) {
            let layer = "\(saved)/\(entry)/layer.tar"
            guard let facts = try FileFacts.of(layer), facts.isRegularFile else { continue }
            let digest = try ExportTestSupport.sha256(ofFile: layer)
            #expect(blobs.contains(digest), "docker save's layer \(digest) is not in the export")
            compared += 1
        }
        #expect(compared >= ExportTestSupport.trickyLayerCount)

        // 3. docker load into a fresh daemon: same image IDs, tags and diff_ids.
        try await CommandRunner().check(Command("/bin/tar", ["-C", store, "-cf", "\(scratch)/store.tar", "."]))
        try await target.docker(["load", "-i", "\(scratch)/store.tar"])
        for image in record.images {
            let inspected = try await target.dockerJSON(["image", "inspect", image.id])
            let fields = try #require((inspected as? [[String: Any]])?.first, "image \(image.id) missing after load")
            #expect(fields["Id"] as? String == image.id)
            #expect(((fields["RepoTags"] as? [String]) ?? []).sorted() == image.tags.sorted())
            let layers = (fields["RootFS"] as? [String: Any])?["Layers"] as? [String]
            #expect(layers == image.layers.map(\.diffID))
        }
        let sourceIDs = try await source.docker(["image", "ls", "-aq", "--no-trunc"]).standardOutput
            .split(separator: "\n").map(String.init)
        #expect(Set(record.images.map(\.id)) == Set(sourceIDs))
        #expect(record.images.contains { $0.id == samples.danglingImageID && $0.tags.isEmpty })
        // The content survives: the xattr, the Latin-1 name, the hardlink.
        let listing = try await target.docker([
            "run", "--rm", ExportTestSupport.trickyReference, "sh", "-c", "ls /; cat /xattr/with-xattr.txt",
        ]).standardOutput
        #expect(listing.contains("layer-20.txt") && listing.contains("has an extended attribute"))

        // 4. The daemon's own export gives the same layer blobs.
        let daemonStore = "\(scratch)/daemon-store"
        let viaDaemon = try await ExportTestSupport.drivershift(
            ["export"] + host + ["--to", daemonStore, "--source", "daemon"])
        #expect(viaDaemon.exitCode == 0, "\(viaDaemon.standardError)")
        let daemonRecord = try JSONDecoder().decode(
            ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(daemonStore)/drivershift-export.json")))
        #expect(daemonRecord.images.allSatisfy { $0.layers.allSatisfy { $0.source == "daemon" } })
        let taggedLayers = Set(daemonRecord.images.flatMap { $0.layers.map { String($0.diffID.dropFirst(7)) } })
        #expect(taggedLayers.isSubset(of: blobs))
        #expect(try ExportTestSupport.blobNames(daemonStore).isSuperset(of: taggedLayers))
        #expect(try await ExportTestSupport.drivershift(["verify", daemonStore]).exitCode == 0)

        // 5. Daemon stopped: the disk source needs nothing but the data root, and gives the same blobs.
        try await source.stop()
        let offlineStore = "\(scratch)/offline-store"
        let offline = try await ExportTestSupport.drivershift([
            "export", "--host-root", source.directory, "--to", offlineStore, "--all", "--jobs", "2",
        ])
        #expect(offline.exitCode == 0, "\(offline.standardError)")
        #expect(try ExportTestSupport.blobNames(offlineStore) == blobs)

        // 6. A flipped byte is caught and named.
        let victim = try #require(record.images.first { $0.tags.contains(SampleImages.appReference) }?.layers.last)
        let victimPath = "\(offlineStore)/blobs/sha256/\(victim.diffID.dropFirst(7))"
        try flipByte(in: victimPath)
        let caught = try await ExportTestSupport.drivershift(["verify", offlineStore])
        #expect(caught.exitCode == 1)
        #expect((caught.standardOutput + caught.standardError).contains(String(victim.diffID.dropFirst(7).prefix(12))))

        // 7. An interrupted export (a partial blob, a truncated one, no record yet) finishes on a rerun, and
        //    replaces the damaged blob because its size is wrong.
        try Data(repeating: 7, count: 1000).write(
            to: URL(fileURLWithPath: "\(offlineStore)/blobs/sha256/.partial-crashed"))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: victimPath))
        try handle.truncate(atOffset: 100)
        try handle.close()
        try FileManager.default.removeItem(atPath: "\(offlineStore)/drivershift-export.json")
        let rerun = try await ExportTestSupport.drivershift([
            "export", "--host-root", source.directory, "--to", offlineStore, "--all", "--format", "json",
        ])
        #expect(rerun.exitCode == 0, "\(rerun.standardError)")
        let events = rerun.standardOutput.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let finished = try #require(events.last { $0["event"] as? String == "finished" })
        #expect(finished["layersWritten"] as? Int == 1, "only the damaged layer is written again")
        #expect((finished["layersReused"] as? Int ?? 0) > 10)
        #expect(!FileManager.default.fileExists(atPath: "\(offlineStore)/blobs/sha256/.partial-crashed"))
        #expect(try await ExportTestSupport.drivershift(["verify", offlineStore]).exitCode == 0)
    }

    private func checkPermissions(_ store: String) throws {
        let storeMode = try #require(try FileFacts.of(store)).mode & 0o777
        #expect(storeMode == 0o700)
        let blobs = try ExportTestSupport.blobNames(store)
        for name in blobs.prefix(5) {
            #expect(try #require(try FileFacts.of("\(store)/blobs/sha256/\(name)")).mode & 0o777 == 0o600)
        }
        #expect(try #require(try FileFacts.of("\(store)/manifest.json")).mode & 0o777 == 0o600)
    }

    private func flipByte(in path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: 600)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: 600)
        try handle.write(contentsOf: Data([byte ^ 0xff]))
    }
}
