import DockerEngine
import DriverShiftTestSupport
import Foundation
import HostSystem
import LayerArchive
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import ImageImport

/// Import against real dockerd 20.10 sandboxes: a vfs host's `drivershift export --all` loaded into a fresh
/// overlay2 daemon through `ImageImporter` comes out identical (IDs, diffIDs, tags); removed tags come back through
/// `TagRestorer`; a RepoDigest comes back through repositories.json across a restart.
@Suite(.serialized) struct RealDockerImportTests {
    /// A RepoDigest the sample images do not have; the source gets it before the export.
    static let repoDigest = "drivershift-test/app@sha256:" + String(repeating: "5e", count: 32)

    @Test func vfsExportLoadsIntoOverlay2Identically() async throws {
        try await ImportTestSupport.withSandboxes("import-vfs") { sandboxes, scratch in
            let source = try await sandboxes.start(driver: "vfs")
            let samples = try await SampleImages.build(in: source)
            let appID = try #require(samples.imageID(SampleImages.appReference))
            try await Self.giveRepoDigest(Self.repoDigest, to: appID, in: source)

            let store = "\(scratch)/store"
            let manifest = try await ImportTestSupport.export(from: source, to: store)
            let app = try #require(manifest.images.first { $0.id == appID })
            #expect(app.repoDigests == [Self.repoDigest], "the export carries the RepoDigest")
            #expect(manifest.images.contains { $0.id == samples.danglingImageID && $0.tags.isEmpty })

            let target = try await sandboxes.start(driver: "overlay2")
            let client = try await ImportTestSupport.client(for: target)
            try await checkLoad(store: store, manifest: manifest, source: source, target: target, client: client)
            try await checkTagRestore(manifest: manifest, target: target, client: client)
            try await checkRepoDigestRestore(manifest: manifest, appID: appID, target: target)
        }
        DriverShiftBinary.recordEvidence("real-dockerd-import-vfs-to-overlay2")
    }

    private func checkLoad(
        store: String, manifest: ExportManifest, source: DockerSandbox, target: DockerSandbox, client: EngineClient
    ) async throws {
        let upload = try StoreUpload.plan(store: store)
        let blobBytes = manifest.images.flatMap(\.layers).reduce(into: [String: UInt64]()) { $0[$1.diffID] = $1.size }
            .values.reduce(0, +)
        #expect(upload.length > blobBytes, "the upload (and dockerd's staging) is at least every layer once")

        let observer = RecordingObserver()
        let result = try await ImageImporter().load(store: store, client: client, observer: observer)
        let tags = manifest.images.flatMap(\.tags)
        #expect(result.loadedTags.sorted() == tags.sorted())
        // Untagged images come last in the store, so dockerd 20.10 lists the ID of every image it loaded.
        #expect(Set(result.loadedImageIDs) == Set(manifest.images.map(\.id)))
        #expect(result.bytesSent == upload.length)
        #expect(observer.progress.last == upload.length)
        #expect(
            observer.events.contains { if case .daemonProgress("Loading layer", _, _, _) = $0 { true } else { false } })
        #expect(observer.events.last == .finished(result))

        // drivershift's verification: everything but the RepoDigest (docker load never carries those).
        let verification = try await ImportVerifier.verify(manifest: manifest, client: client)
        #expect(verification.imagesChecked == manifest.images.count)
        #expect(verification.imagesAndTagsMatch, "\(verification.mismatches)")
        #expect(verification.mismatches.map(\.reference) == [Self.repoDigest])

        // And the daemons' own word, image by image: the same IDs, diff_ids, tags and parents as the source.
        #expect(try await ImportTestSupport.imageIDs(in: target) == ImportTestSupport.imageIDs(in: source))
        for image in manifest.images {
            let before = try await ImportTestSupport.inspect(image.id, in: source)
            let after = try await ImportTestSupport.inspect(image.id, in: target)
            #expect(after["Id"] as? String == image.id)
            let layers = { (fields: [String: Any]) in (fields["RootFS"] as? [String: Any])?["Layers"] as? [String] }
            #expect(layers(after) == layers(before) && layers(after) == image.layers.map(\.diffID))
            let tagsOf = { (fields: [String: Any]) in ((fields["RepoTags"] as? [String]) ?? []).sorted() }
            #expect(tagsOf(after) == tagsOf(before))
            #expect((after["Parent"] as? String ?? "") == (before["Parent"] as? String ?? ""), "parent of \(image.id)")
        }
        #expect(try await ImportTestSupport.stagedFiles(in: target).isEmpty, "dockerd cleans its staging area")
    }

    private func checkTagRestore(manifest: ExportManifest, target: DockerSandbox, client: EngineClient) async throws {
        // base:1 has children, so removing its tag leaves the image untagged; app:latest leaves app on app:1.
        try await target.docker(["rmi", SampleImages.appLatestReference])
        try await target.docker(["rmi", SampleImages.baseReference])
        let broken = try await ImportVerifier.verify(manifest: manifest, client: client)
        #expect(
            Set(broken.mismatches.filter { $0.kind == .tagMissing }.compactMap(\.reference))
                == [SampleImages.appLatestReference, SampleImages.baseReference])
        #expect(broken.blocking.isEmpty)

        let restoration = try await TagRestorer.restore(manifest: manifest, client: client)
        #expect(Set(restoration.restored.map(\.tag)) == [SampleImages.appLatestReference, SampleImages.baseReference])
        #expect(restoration.alreadyPresent == manifest.images.flatMap(\.tags).count - 2)
        #expect(restoration.notRestored.isEmpty)
        let base = try await ImportTestSupport.inspect(SampleImages.baseReference, in: target)
        #expect(base["Id"] as? String == manifest.images.first { $0.tags.contains(SampleImages.baseReference) }?.id)

        let repaired = try await ImportVerifier.verify(manifest: manifest, client: client)
        #expect(repaired.imagesAndTagsMatch, "\(repaired.mismatches)")
        let again = try await TagRestorer.restore(manifest: manifest, client: client)
        #expect(again.restored.isEmpty && !again.changedSomething)
    }

    private func checkRepoDigestRestore(manifest: ExportManifest, appID: String, target: DockerSandbox) async throws {
        let client = try await ImportTestSupport.client(for: target)
        let loaded = try await ImportTestSupport.imageIDs(in: target)
        try await target.stop()
        let dataRoot = target.hostRoot.hostPath(of: target.dataRoot)
        let (edit, plan) = try RepoDigestRestore.plannedEdit(
            manifest: manifest, dataRoot: dataRoot, driver: "overlay2", hostRoot: target.hostRoot, loadedImages: loaded)
        #expect(plan.added.map(\.reference) == [Self.repoDigest] && plan.skipped.isEmpty)
        #expect(edit.before?.contains(SampleImages.appReference) == true)
        try Self.writeAtomically(edit.after, to: target.hostRoot.resolve(edit.path))
        try await target.restart()

        let app = try await ImportTestSupport.inspect(appID, in: target)
        #expect(app["RepoDigests"] as? [String] == [Self.repoDigest])
        #expect(
            ((app["RepoTags"] as? [String]) ?? []).sorted()
                == [SampleImages.appReference, SampleImages.appLatestReference].sorted())
        let verification = try await ImportVerifier.verify(manifest: manifest, client: client)
        #expect(verification.isComplete, "\(verification.mismatches)")
        #expect(verification.repoDigestsChecked == 1)
    }

    /// Adds `reference` -> `image` to a sandbox's repositories.json while its daemon is stopped, as a registry pull
    /// would have left it (written here by hand, independently of `RepoDigestRestore`).
    static func giveRepoDigest(_ reference: String, to image: String, in sandbox: DockerSandbox) async throws {
        try await sandbox.stop()
        let path = "\(sandbox.dataRoot)/image/\(sandbox.driver)/repositories.json"
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var repositories = document["Repositories"] as? [String: Any] ?? [:]
        var app = repositories["drivershift-test/app"] as? [String: String] ?? [:]
        app[reference] = image
        repositories["drivershift-test/app"] = app
        document["Repositories"] = repositories
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        try await sandbox.restart()
        let inspected = try await ImportTestSupport.inspect(image, in: sandbox)
        #expect(inspected["RepoDigests"] as? [String] == [reference], "the source shows the RepoDigest")
    }

    /// Temporary file, fsync, rename: how the engine writes host files.
    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".drivershift-new"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
        guard rename(temporary, path) == 0 else { throw TestFailure("rename to \(path) failed: errno \(errno)") }
    }
}
