import ArgumentParser
import Foundation
import Sandbox

/// Starts a sandbox, fills it with the sample estate, prints where everything is, and leaves it running.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start a sandbox dockerd and build the sample images; print HOST_ROOT, DATA_ROOT, DOCKER_HOST, LOG."
    )

    @Option(help: "Storage driver written to DIR/etc/docker/daemon.json: vfs or overlay2.")
    var driver: String = "overlay2"

    @Option(name: .customLong("dir"), help: "The fake host root to create (a new temporary directory if omitted).")
    var directory: String?

    @Flag(name: .customLong("no-samples"), help: "Start the daemon only; build no sample images.")
    var noSamples = false

    func validate() throws {
        guard ["vfs", "overlay2"].contains(driver) else {
            throw ValidationError("--driver must be vfs or overlay2 (this kernel has no device-mapper), not \(driver)")
        }
    }

    func run() async throws {
        note("starting dockerd (\(driver))...")
        let sandbox = try await DockerSandbox.start(driver: driver, directory: directory)
        if !noSamples {
            note("building sample images in \(sandbox.directory)...")
            do {
                _ = try await SampleImages.build(in: sandbox)
            } catch {
                // A half-built estate is worse than none: stop, keep the files and log for a look.
                try? await sandbox.stop()
                note(
                    "sample build failed; the daemon was stopped. Remove the sandbox with "
                        + "`drivershift-sandbox down --dir \(sandbox.directory)`.")
                throw error
            }
        }
        // KEY=VALUE on stdout, progress on stderr, so `eval "$(drivershift-sandbox up ...)"` works.
        print("HOST_ROOT=\(sandbox.directory)")
        print("DATA_ROOT=\(sandbox.dataRoot)")
        print("DOCKER_HOST=\(sandbox.hostURL)")
        print("LOG=\(sandbox.logPath)")
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
