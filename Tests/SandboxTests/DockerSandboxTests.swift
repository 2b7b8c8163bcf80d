import Foundation
import HostSystem
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Docker sandbox lifecycle")
struct DockerSandboxTests {
    @Test(
        "a missing Docker binary fails loudly, naming the package",
        arguments: [
            (daemon: true, path: "/nonexistent/sbin/dockerd"), (daemon: false, path: "/nonexistent/bin/docker"),
        ])
    func missingBinary(daemon: Bool, path: String) async throws {
        let directory = SandboxProbe.scratchPath("missing")
        let error = await #expect(throws: SandboxError.self) {
            _ = try await DockerSandbox.start(
                driver: "vfs", directory: directory,
                dockerdPath: daemon ? path : DockerSandbox.defaultDockerdPath,
                dockerPath: daemon ? DockerSandbox.defaultDockerPath : path)
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(path))
        #expect(message.contains("apt-get install docker.io"))
        #expect(!SandboxProbe.exists(directory), "nothing is created before the binaries are found")
    }

    @Test("a directory holding someone's files is refused, since removing the sandbox deletes it")
    func refusesForeignDirectory() async throws {
        let directory = SandboxProbe.scratchPath("foreign")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "keep me\n".write(toFile: directory + "/precious.txt", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await #expect(throws: SandboxError.self) {
            _ = try await DockerSandbox.start(driver: "vfs", directory: directory)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["precious.txt"])
        #expect(throws: SandboxError.self) { _ = try DockerSandbox.attach(directory: directory) }
    }

    @Test("restart re-reads daemon.json; a crashed daemon's leftovers are cleaned up by remove()")
    func restartAttachAndCrash() async throws {
        let sandbox = try await DockerSandbox.start(driver: "overlay2")
        do {
            try await lifecycle(sandbox)
        } catch {
            try? await sandbox.remove()
            throw error
        }
    }

    private func lifecycle(_ sandbox: DockerSandbox) async throws {
        let config = try String(contentsOfFile: sandbox.directory + "/etc/docker/daemon.json", encoding: .utf8)
        #expect(config == "{\"storage-driver\": \"overlay2\"}\n")
        #expect(sandbox.hostRoot.resolve("/var/lib/docker") == sandbox.dataRoot)
        #expect(try await liveDriver(sandbox) == "overlay2")
        #expect(try await rootDirectory(sandbox) == sandbox.dataRoot)

        // A second start in the same directory must refuse, and leave the running daemon alone.
        await #expect(throws: SandboxError.self) {
            _ = try await DockerSandbox.start(driver: "overlay2", directory: sandbox.directory)
        }
        #expect(sandbox.isRunning)

        // What a migration does: rewrite daemon.json, restart the daemon.
        try "{\"storage-driver\": \"vfs\"}\n".write(
            toFile: sandbox.directory + "/etc/docker/daemon.json", atomically: true, encoding: .utf8)
        try await sandbox.restart()
        #expect(try await liveDriver(sandbox) == "vfs")

        // Another process (here: another object) finds the daemon through the record and the pidfile.
        let attached = try DockerSandbox.attach(directory: sandbox.directory)
        #expect(attached.isRunning)
        #expect(attached.layout == sandbox.layout)

        // A running container, then a crash: its shim and process, and the data-root mount, outlive dockerd.
        try await importBusybox(into: sandbox)
        let marker = "drivershift-crash-" + UUID().uuidString
        try await sandbox.docker([
            "run", "--detach", "--network", "none", "crash:1", "sh", "-c", "sleep 600; echo \(marker)",
        ])
        #expect(!SandboxProbe.liveProcesses(mentioning: [marker]).isEmpty)
        let pid = try #require(
            Int32(
                try String(contentsOfFile: sandbox.layout.pidFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGKILL)
        try await Task.sleep(for: .milliseconds(500))
        #expect(!SandboxProbe.mounts(under: sandbox.directory).isEmpty, "the crash left the data-root mount")

        try await attached.remove()
        #expect(!attached.isRunning)
        #expect(SandboxProbe.liveProcesses(mentioning: [marker]).isEmpty, "the container process was ended")
        #expect(SandboxProbe.liveProcesses(of: sandbox).isEmpty)
        #expect(SandboxProbe.mounts(under: sandbox.directory).isEmpty)
        #expect(!SandboxProbe.exists(sandbox.directory))
        try await sandbox.stop()  // idempotent, also on a removed sandbox
    }

    private func liveDriver(_ sandbox: DockerSandbox) async throws -> String {
        try await sandbox.docker(["info", "--format", "{{.Driver}}"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func rootDirectory(_ sandbox: DockerSandbox) async throws -> String? {
        let info = try await sandbox.dockerJSON(["info", "--format", "{{json .}}"]) as? [String: Any]
        return info?["DockerRootDir"] as? String
    }

    /// A one-file image (busybox as /bin/sh), quicker than the sample set.
    private func importBusybox(into sandbox: DockerSandbox) async throws {
        let rootfs = sandbox.directory + "/crash-rootfs"
        try FileManager.default.createDirectory(atPath: rootfs + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: rootfs + "/bin/busybox")
        for applet in ["sh", "sleep", "echo"] {
            try FileManager.default.createSymbolicLink(
                atPath: rootfs + "/bin/" + applet, withDestinationPath: "busybox")
        }
        let tar = sandbox.directory + "/crash.tar"
        try await CommandRunner().check(Command("tar", ["--create", "--file", tar, "--directory", rootfs, "."]))
        try await sandbox.docker(["import", tar, "crash:1"])
    }
}

@Suite("Docker sandbox startup failure")
struct DockerSandboxStartupFailureTests {
    @Test("a daemon that exits during startup is reported with its log, and a temporary directory is removed")
    func daemonExitsEarly() async throws {
        let error = await #expect(throws: SandboxError.self) {
            _ = try await DockerSandbox.start(driver: "no-such-driver")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("exited during startup"))
        #expect(message.contains("no-such-driver"), "the log tail names the bad driver:\n\(message)")
        // The message names the log inside the sandbox directory that start() made, and removed again.
        let suffix = "/var/log/dockerd.log:"
        let logWord = try #require(message.split(whereSeparator: \.isWhitespace).first { $0.hasSuffix(suffix) })
        let directory = String(logWord.dropLast(suffix.count))
        #expect(!SandboxProbe.exists(directory))
        #expect(SandboxProbe.liveProcesses(mentioning: [directory + "/"]).isEmpty)
    }
}
