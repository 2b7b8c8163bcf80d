import Foundation
import HostSystem

/// Builds, inside a sandbox and with no network, a small Docker estate that has every feature a migration
/// must carry: shared layers, several tags on one image, a dangling image, whiteouts and an opaque
/// directory, hardlinks, symlinks, long and non-ASCII names, setuid and sparse files, a named volume, and
/// containers with and without writable-layer changes.
public enum SampleImages {
    /// Imported from a busybox rootfs tar: one layer.
    public static let baseReference = "drivershift-test/base:1"
    /// Built with the legacy builder on base: the layer zoo (see `SampleContext.appDockerfile`).
    public static let appReference = "drivershift-test/app:1"
    /// The same image as app:1 (one image, two tags).
    public static let appLatestReference = "drivershift-test/app:latest"
    /// app:1 plus one layer: shares all of app's layers.
    public static let toolReference = "drivershift-test/tool:1"
    /// Rebuilt once, so its first image is left dangling.
    public static let oldReference = "drivershift-test/old:1"
    public static let volumeName = "drivershift-test-data"
    /// Ran `true` and exited: no writable-layer changes.
    public static let cleanContainerName = "drivershift-test-clean"
    /// Ran and exited after adding (also a sparse file), changing and deleting files in its root file system
    /// and writing the volume.
    public static let dirtyContainerName = "drivershift-test-dirty"
    public static let busyboxPath = "/bin/busybox"

    /// Paths inside app:1 that tests may want to look at.
    public static let payloadPath = SampleContext.payloadPath
    public static let longPath = SampleContext.longPath
    public static let nonASCIIPath = "/data/files/" + SampleContext.nonASCIIName

    /// What the dirty container does: add (/dirty.txt), change (/data/changed.txt), delete (/data/keep/file),
    /// leave a sparse file (image layers are applied from tars, so only a writable layer keeps holes on disk),
    /// and fill the volume mounted at /volume.
    static let dirtyScript = """
        echo dirty > /dirty.txt && echo changed-by-container >> /data/changed.txt && rm /data/keep/file \
        && truncate -s 4M /sparse-in-container.img && echo hello > /volume/hello.txt && mkdir -p /volume/nested/dir \
        && echo deep > /volume/nested/dir/file.txt && head -c 65536 \(SampleContext.payloadPath) > /volume/chunk.bin
        """

    /// Builds everything in `sandbox` (a few seconds on overlay2, more on vfs). Leaves no container running.
    public static func build(in sandbox: DockerSandbox) async throws -> SampleImageSet {
        try SampleContext.requireStaticBusybox(busyboxPath)
        let existing = try await sandbox.docker(["ps", "--all", "--format", "{{.Names}}"]).standardOutput
            .split(separator: "\n").map(String.init)
            .filter { $0 == cleanContainerName || $0 == dirtyContainerName }
        guard existing.isEmpty else {
            throw SandboxError.samplesAlreadyPresent(directory: sandbox.directory, names: existing)
        }
        // Build contexts live outside the data root: `docker build` fails reading a context that contains it.
        let work = sandbox.directory + "/.sample-build"
        try TreeRemover.remove(work)
        do {
            let samples = try await build(in: sandbox, work: work)
            try TreeRemover.remove(work)
            return samples
        } catch {
            try? TreeRemover.remove(work)
            throw error
        }
    }

    private static func build(in sandbox: DockerSandbox, work: String) async throws -> SampleImageSet {
        // base:1 from a reproducible tar (fixed owner, mtime and order): its layer digest is the same every time.
        try SampleContext.writeBaseRootfs(at: work + "/rootfs", busybox: busyboxPath)
        let tar = Command(
            "tar",
            [
                "--create", "--file", work + "/base.tar", "--directory", work + "/rootfs", "--format=gnu",
                "--numeric-owner", "--owner=0", "--group=0", "--sort=name",
                "--mtime=@\(Int(SampleContext.fixedModificationDate.timeIntervalSince1970))", ".",
            ])
        try await CommandRunner().check(tar)
        try await sandbox.docker(["import", "--change", "CMD [\"sh\"]", work + "/base.tar", baseReference])

        try SampleContext.writeAppContext(at: work + "/app")
        try await buildImage(in: sandbox, context: work + "/app", tags: [appReference, appLatestReference])

        try SampleContext.writeDockerfile(SampleContext.toolDockerfile, in: work + "/tool")
        try await buildImage(in: sandbox, context: work + "/tool", tags: [toolReference])

        try SampleContext.writeDockerfile(SampleContext.oldDockerfile("first"), in: work + "/old-first")
        let dangling = try await buildImage(in: sandbox, context: work + "/old-first", tags: [oldReference])
        try SampleContext.writeDockerfile(SampleContext.oldDockerfile("second"), in: work + "/old-second")
        try await buildImage(in: sandbox, context: work + "/old-second", tags: [oldReference])
        let danglingTags = try await sandbox.docker(["image", "inspect", "--format", "{{len .RepoTags}}", dangling])
        guard danglingTags.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0" else {
            throw SandboxError.unexpectedOutput(
                danglingTags.command, output: danglingTags.standardOutput, expected: "0 tags left on the old image")
        }

        try await sandbox.docker(["volume", "create", volumeName])
        try await sandbox.docker([
            "run", "--name", dirtyContainerName, "--network", "none", "--volume", volumeName + ":/volume",
            appReference, "sh", "-c", dirtyScript,
        ])
        try await sandbox.docker(["run", "--name", cleanContainerName, "--network", "none", toolReference, "true"])
        let running = try await sandbox.docker(["ps", "--quiet"]).standardOutput
        guard running.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SandboxError.unexpectedOutput(
                Command(sandbox.dockerPath, ["ps", "--quiet"]), output: running, expected: "no running container")
        }

        var imageIDs: [String: String] = [:]
        for reference in [baseReference, appReference, appLatestReference, toolReference, oldReference] {
            imageIDs[reference] = try await id(of: reference, kind: "image", in: sandbox)
        }
        var containerIDs: [String: String] = [:]
        for name in [cleanContainerName, dirtyContainerName] {
            containerIDs[name] = try await id(of: name, kind: "container", in: sandbox)
        }
        return SampleImageSet(
            imageIDs: imageIDs, danglingImageID: dangling, volumeName: volumeName, containerIDs: containerIDs)
    }

    /// Legacy builder (`DOCKER_BUILDKIT=0` comes from the sandbox), no network; returns the image ID.
    @discardableResult
    private static func buildImage(in sandbox: DockerSandbox, context: String, tags: [String]) async throws -> String {
        let arguments = ["build", "--quiet", "--network", "none"] + tags.flatMap { ["--tag", $0] } + [context]
        let result = try await sandbox.docker(arguments)
        let id =
            result.standardOutput.split(separator: "\n").last.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard id.hasPrefix("sha256:") else {
            throw SandboxError.unexpectedOutput(result.command, output: result.standardOutput, expected: "an image ID")
        }
        return id
    }

    private static func id(of name: String, kind: String, in sandbox: DockerSandbox) async throws -> String {
        let result = try await sandbox.docker([kind, "inspect", "--format", "{{.Id}}", name])
        let id = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty, !id.contains("\n") else {
            throw SandboxError.unexpectedOutput(result.command, output: result.standardOutput, expected: "one ID")
        }
        return id
    }
}
