import ContainerCarry
import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox

/// A vfs sandbox with the sample estate, and what the tests compare before and after a migration.
struct MigrationSandbox {
    let sandbox: DockerSandbox
    let samples: SampleImageSet

    var directory: String { sandbox.directory }
    var planPath: String { directory + "/plan.yaml" }

    /// Runs `body` on a fresh vfs sandbox with the sample images, and always removes the sandbox.
    static func with(_ body: (MigrationSandbox) async throws -> Void) async throws {
        let sandbox = try await DockerSandbox.start(driver: "vfs")
        do {
            let host = MigrationSandbox(sandbox: sandbox, samples: try await SampleImages.build(in: sandbox))
            try await body(host)
        } catch {
            try? await sandbox.remove()
            throw error
        }
        try await sandbox.remove()
    }

    /// `--host-root`, `-H` and the `--daemon-control command` pair that drive this sandbox.
    func hostArguments() throws -> [String] {
        let tool = try SandboxBinary.path()
        return [
            "--host-root", directory, "-H", sandbox.hostURL, "--daemon-control", "command",
            "--daemon-start", "\(tool) start --dir \(directory)", "--daemon-stop", "\(tool) stop --dir \(directory)",
            "--daemon-log", "/var/log/dockerd.log",
        ]
    }

    /// `drivershift plan --to overlay2 ... -o plan.yaml`; throws with its output unless it exits 0.
    func plan(_ extra: [String] = []) async throws {
        let result = try await DriverShiftBinary.run(
            ["plan", "--to", "overlay2"] + (try hostArguments()) + extra + ["-o", planPath])
        guard result.exitCode == 0 else {
            throw TestFailure("plan failed (\(result.exitCode)):\n\(result.standardOutput)\n\(result.standardError)")
        }
    }

    func state() async throws -> HostState { try await HostState.capture(self) }
}

/// What a migration must keep: every image and tag, the containers, the volume's bytes, and the driver.
struct HostState: Equatable, CustomStringConvertible {
    var driver: String
    /// "ID reference" lines, `<none>:<none>` for an untagged image; committed images' IDs masked (they carry
    /// the time of the commit).
    var images: [String]
    /// "name image state" lines.
    var containers: [String]
    var volumeDigest: String

    static func capture(_ host: MigrationSandbox) async throws -> HostState {
        let sandbox = host.sandbox
        let driver = try await sandbox.docker(["info", "--format", "{{.Driver}}"]).standardOutput
        let images = try await sandbox.docker(
            ["image", "ls", "--all", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}"]
        ).standardOutput
        let containers = try await sandbox.docker(
            ["ps", "--all", "--format", "{{.Names}} {{.Image}} {{.State}}"]
        ).standardOutput
        let mountpoint = host.sandbox.dataRoot + "/volumes/" + host.samples.volumeName + "/_data"
        return HostState(
            driver: driver.trimmingCharacters(in: .whitespacesAndNewlines),
            images: lines(images).map { line in
                line.contains(" drivershift/committed:") ? "<commit> " + line.split(separator: " ")[1] : line
            }.sorted(),
            // A container that is not running comes back created, never started: both count as stopped.
            containers: lines(containers).map { line in
                line.hasSuffix(" running")
                    ? line : line.split(separator: " ").dropLast().joined(separator: " ") + " stopped"
            }.sorted(),
            volumeDigest: try VolumeDigest.compute(path: mountpoint))
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).sorted()
    }

    var description: String {
        "driver \(driver)\nimages:\n  " + images.joined(separator: "\n  ") + "\ncontainers:\n  "
            + containers.joined(separator: "\n  ") + "\nvolume \(volumeDigest)"
    }

    /// What an uninterrupted migration to overlay2 makes of `before`: the same images plus the committed
    /// writable layer, the same containers (the dirty one on its committed image), the same volume.
    func migrated(dirtyContainer: String) -> HostState {
        var after = self
        after.driver = "overlay2"
        after.images.append("<commit> drivershift/committed:\(dirtyContainer)")
        after.images.sort()
        after.containers = containers.map { line in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.first == dirtyContainer, parts.count == 3 else { return line }
            return "\(parts[0]) drivershift/committed:\(dirtyContainer) \(parts[2])"
        }.sorted()
        return after
    }
}
