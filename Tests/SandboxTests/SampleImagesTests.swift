import Foundation
import Sandbox
import Testing

@Suite("Sample images")
struct SampleImagesTests {
    /// The layers whose bytes do not depend on when they were built: the imported base and the payload COPY.
    struct Reproducible: Equatable {
        let baseLayer: String
        let payloadLayer: String
        let payloadDigest: String
    }

    @Test("vfs (long directory) and overlay2 sandboxes, side by side, hold the whole sample estate")
    func bothDrivers() async throws {
        // Longer than a unix socket path may be: exercises the short exec-root directory.
        let longDirectory = SandboxProbe.scratchPath("sandbox-" + String(repeating: "long-", count: 16))
        #expect(longDirectory.utf8.count > 108)
        async let vfs = run(driver: "vfs", directory: longDirectory)
        async let overlay = run(driver: "overlay2", directory: nil)
        let (fromVFS, fromOverlay) = try await (vfs, overlay)
        #expect(fromVFS == fromOverlay, "base and payload layers are byte-identical whatever the driver")
    }

    /// Starts, builds, checks, stops and removes one sandbox; removes it whatever happens.
    private func run(driver: String, directory: String?) async throws -> Reproducible {
        let sandbox = try await DockerSandbox.start(driver: driver, directory: directory)
        do {
            if directory != nil {
                #expect(sandbox.layout.shortDirectory != nil)
                #expect(sandbox.socketPath.utf8.count <= SandboxLayout.socketPathLimit)
            }
            let started = ContinuousClock.now
            let samples = try await SampleImages.build(in: sandbox)
            print("\(driver): samples built in \(ContinuousClock.now - started)")
            let reproducible = try await check(samples, in: sandbox)
            try await stopAndRemove(sandbox)
            return reproducible
        } catch {
            try? await sandbox.remove()
            throw error
        }
    }

    private func check(_ samples: SampleImageSet, in sandbox: DockerSandbox) async throws -> Reproducible {
        let app = SampleImages.appReference
        #expect(
            samples.tags
                == [
                    SampleImages.appReference, SampleImages.appLatestReference, SampleImages.baseReference,
                    SampleImages.oldReference, SampleImages.toolReference,
                ].sorted())

        // Every tag resolves to the recorded ID; app:1 and app:latest are one image.
        for (reference, id) in samples.imageIDs {
            let image = try await inspect("image", reference, in: sandbox)
            #expect(image["Id"] as? String == id, "\(reference)")
        }
        #expect(samples.imageID(app) == samples.imageID(SampleImages.appLatestReference))
        let appImage = try await inspect("image", app, in: sandbox)
        #expect(Set(appImage["RepoTags"] as? [String] ?? []) == [app, SampleImages.appLatestReference])
        let environment = (appImage["Config"] as? [String: Any])?["Env"] as? [String] ?? []
        #expect(environment.contains("DRIVERSHIFT_SAMPLE=app"))

        // The dangling image: no tags, listed by the dangling filter, not what old:1 points at now.
        let dangling = try await inspect("image", samples.danglingImageID, in: sandbox)
        #expect((dangling["RepoTags"] as? [String] ?? ["?"]).isEmpty)
        #expect(samples.imageID(SampleImages.oldReference) != samples.danglingImageID)
        let danglingList = try await sandbox.docker(["images", "--filter", "dangling=true", "--quiet", "--no-trunc"])
        #expect(danglingList.standardOutput.split(separator: "\n").map(String.init) == [samples.danglingImageID])

        // Shared layers: base under app, app under tool. The ENV step made no layer.
        let baseLayers = try await layers(SampleImages.baseReference, in: sandbox)
        let appLayers = try await layers(app, in: sandbox)
        let toolLayers = try await layers(SampleImages.toolReference, in: sandbox)
        #expect(baseLayers.count == 1)
        #expect(appLayers.count == 7)
        #expect(Array(appLayers.prefix(1)) == baseLayers)
        #expect(toolLayers.count == appLayers.count + 1)
        #expect(Array(toolLayers.prefix(appLayers.count)) == appLayers)

        // The volume lives under the fake host's data root, with what the dirty container wrote.
        let volume = try await inspect("volume", SampleImages.volumeName, in: sandbox)
        let mountpoint = volume["Mountpoint"] as? String ?? ""
        #expect(mountpoint == sandbox.hostRoot.resolve("/var/lib/docker/volumes/drivershift-test-data/_data"))
        #expect(SandboxProbe.exists(mountpoint + "/hello.txt"))
        #expect(SandboxProbe.exists(mountpoint + "/nested/dir/file.txt"))
        let chunk = try FileManager.default.attributesOfItem(atPath: mountpoint + "/chunk.bin")
        #expect((chunk[.size] as? NSNumber)?.intValue == 65_536)

        // Both containers exited cleanly; only the dirty one changed its writable layer.
        for name in [SampleImages.cleanContainerName, SampleImages.dirtyContainerName] {
            let container = try await inspect("container", name, in: sandbox)
            let state = container["State"] as? [String: Any] ?? [:]
            #expect(container["Id"] as? String == samples.containerIDs[name])
            #expect(state["Status"] as? String == "exited", "\(name)")
            #expect((state["ExitCode"] as? NSNumber)?.intValue == 0, "\(name)")
        }
        let dirtyDiff = try await sandbox.docker(["diff", SampleImages.dirtyContainerName]).standardOutput
        for change in ["A /dirty.txt", "A /sparse-in-container.img", "C /data/changed.txt", "D /data/keep/file"] {
            #expect(dirtyDiff.split(separator: "\n").contains(Substring(change)), "\(change) in:\n\(dirtyDiff)")
        }
        let cleanDiff = try await sandbox.docker(["diff", SampleImages.cleanContainerName]).standardOutput
        #expect(cleanDiff.isEmpty)
        #expect(try await sandbox.docker(["ps", "--quiet"]).standardOutput.isEmpty, "no container left running")

        let facts = try await contentFacts(in: sandbox)
        return Reproducible(
            baseLayer: appLayers[0], payloadLayer: appLayers[2], payloadDigest: facts["payload"] ?? "")
    }

    /// What app:1 looks like from inside: every tricky entry the Dockerfile made, after all whiteouts.
    private func contentFacts(in sandbox: DockerSandbox) async throws -> [String: String] {
        let script = """
            echo changed=$(cat /data/changed.txt)
            [ -e /data/deleted.txt ] && echo deleted=present || echo deleted=absent
            echo opaque=$(ls -A /data/opaque)
            [ /data/links/target -ef /data/links/hardlink ] && echo hardlink=same || echo hardlink=different
            echo symlink=$(readlink /data/links/symlink)
            echo setuid=$(stat -c %a /data/setuid-tool)
            echo sparse=$(stat -c %s /data/sparse.img)
            echo long=$(cat \(SampleImages.longPath))
            echo nonascii=$(cat '\(SampleImages.nonASCIIPath)')
            echo empty=$(stat -c %s /data/files/empty)
            echo payload=$(sha256sum \(SampleImages.payloadPath))
            echo payloadsize=$(stat -c %s \(SampleImages.payloadPath))
            echo env=$DRIVERSHIFT_SAMPLE
            """
        let output = try await sandbox.docker([
            "run", "--rm", "--network", "none", SampleImages.appReference, "sh", "-c", script,
        ]).standardOutput
        var facts: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let expected = [
            "changed": "changed", "deleted": "absent", "opaque": "only", "hardlink": "same", "symlink": "target",
            "setuid": "4755", "sparse": "8388608", "long": "deep", "nonascii": "naïve", "empty": "0",
            "payloadsize": "3145728", "env": "app",
        ]
        for (key, value) in expected {
            #expect(facts[key] == value, "\(key) in:\n\(output)")
        }
        #expect(SampleImages.longPath.utf8.count > 100)
        return facts
    }

    private func stopAndRemove(_ sandbox: DockerSandbox) async throws {
        try await sandbox.stop()
        #expect(!sandbox.isRunning)
        #expect(SandboxProbe.liveProcesses(of: sandbox).isEmpty)
        try await sandbox.stop()  // idempotent
        try await sandbox.remove()
        #expect(!SandboxProbe.exists(sandbox.directory))
        if let short = sandbox.layout.shortDirectory { #expect(!SandboxProbe.exists(short)) }
        #expect(SandboxProbe.mounts(under: sandbox.directory).isEmpty)
    }

    private func inspect(_ kind: String, _ name: String, in sandbox: DockerSandbox) async throws -> [String: Any] {
        let parsed = try await sandbox.dockerJSON([kind, "inspect", name]) as? [[String: Any]]
        return try #require(parsed?.first, "\(kind) \(name) is missing")
    }

    private func layers(_ reference: String, in sandbox: DockerSandbox) async throws -> [String] {
        let image = try await inspect("image", reference, in: sandbox)
        return (image["RootFS"] as? [String: Any])?["Layers"] as? [String] ?? []
    }
}
