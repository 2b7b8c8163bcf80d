import DockerEngine
import Foundation
import HostSystem
import Testing

@testable import DaemonControl

@Suite("Daemon control: commands, detection and log tails")
struct DaemonControllerCommandTests {
    @Test("systemd stops the socket before the service, and starts the service")
    func systemdCommands() {
        let controller = DaemonController(method: .systemd)
        #expect(controller.stopCommands.map(\.argv) == [["systemctl", "stop", "docker.socket", "docker.service"]])
        #expect(controller.startCommands.map(\.argv) == [["systemctl", "start", "docker.service"]])
        #expect(controller.logCommand?.argv == ["journalctl", "-u", "docker.service", "-n", "30", "--no-pager"])
        #expect(controller.endpoint.socketPath == "/var/run/docker.sock")
    }

    @Test("sysv uses service(8) and reads /var/log/docker.log or upstart's log under the host root")
    func sysvCommands() {
        let controller = DaemonController(method: .sysv, hostRoot: HostRoot("/tmp/host"))
        #expect(controller.stopCommands.map(\.argv) == [["service", "docker", "stop"]])
        #expect(controller.startCommands.map(\.argv) == [["service", "docker", "start"]])
        #expect(
            controller.logSource == .files(["/tmp/host/var/log/docker.log", "/tmp/host/var/log/upstart/docker.log"]))
        #expect(controller.logCommand == nil)
    }

    @Test("a command pair is run as given")
    func commandPair() {
        let start = Command("/usr/local/bin/drivershift-sandbox", ["start", "--dir", "/tmp/s b"])
        let stop = Command("/usr/local/bin/drivershift-sandbox", ["stop", "--dir", "/tmp/s b"])
        let controller = DaemonController(
            method: .command(start: start, stop: stop), logSource: .files(["/tmp/s b/var/log/dockerd.log"]))
        #expect(controller.startCommands == [start])
        #expect(controller.stopCommands == [stop])
        #expect(DaemonController(method: .command(start: start, stop: stop)).logSource == .unknown)
    }

    @Test("a host without docker.socket only complains about that unit")
    func missingSocketUnit() {
        let missing = "Failed to stop docker.socket: Unit docker.socket not loaded.\n"
        let worse =
            missing + "Job for docker.service failed because the control process exited with error code.\n"
        #expect(DaemonController.onlySocketUnitMissing(missing))
        #expect(!DaemonController.onlySocketUnitMissing(""))
        #expect(!DaemonController.onlySocketUnitMissing(worse))
    }

    @Test("detection: systemd, then a SysV script, else nil with a pointer to --daemon-control command")
    func detection() throws {
        let root = "/tmp/drivershift-detect-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: root + "/etc/init.d", withIntermediateDirectories: true)

        let bare = DaemonController.detectMethod(hostRoot: HostRoot(root))
        #expect(bare.method == nil)
        #expect(bare.finding.contains("--daemon-control command"), "\(bare.finding)")

        #expect(fileManager.createFile(atPath: root + "/etc/init.d/docker", contents: Data("#!/bin/sh\n".utf8)))
        #expect(DaemonController.detectMethod(hostRoot: HostRoot(root)).method == .sysv)

        try fileManager.createDirectory(atPath: root + "/run/systemd/system", withIntermediateDirectories: true)
        let systemd = DaemonController.detectMethod(hostRoot: HostRoot(root))
        #expect(systemd.method == .systemd)
        #expect(systemd.finding.contains(root + "/run/systemd/system"))
    }

    @Test("a failing start command reports its output and the last 30 lines of the daemon's log")
    func failingStartShowsLogTail() async throws {
        let root = "/tmp/drivershift-logtail-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = root + "/dockerd.log"
        let lines =
            (1...40).map { "level=info msg=\"line \($0)\"\nlevel=info msg=\"pick first\" module=grpc" }
            .joined(separator: "\n") + "\n"
        try lines.write(toFile: log, atomically: true, encoding: .utf8)
        let controller = DaemonController(
            method: .command(start: Command("/bin/false"), stop: Command("/bin/true")),
            endpoint: EngineEndpoint(socketPath: root + "/docker.sock"), logSource: .files([root + "/nolog", log]))
        let error = await #expect(throws: DaemonControlError.self) { try await controller.start() }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("`/bin/false` (to start dockerd) exited with status 1"), "\(message)")
        #expect(message.contains("Last lines of \(log):"))
        #expect(message.contains("line 11\"") && message.contains("line 40\""))
        #expect(!message.contains("line 10\""), "only the last 30 lines")
        #expect(!message.contains("module=grpc"), "without gRPC chatter")
        #expect(message.contains("roll the switch back"))
    }

    @Test("waiting for a daemon that never comes names the socket and the timeout")
    func notReady() async throws {
        let socket = "/tmp/drivershift-nosock-" + UUID().uuidString.prefix(8)
        let controller = DaemonController(
            method: .command(start: Command("/bin/true"), stop: Command("/bin/true")),
            endpoint: EngineEndpoint(socketPath: socket))
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: DaemonControlError.self) {
            _ = try await controller.waitUntilReady(expectedDriver: "overlay2", timeout: .seconds(1))
        }
        // Bounded, not timed: a wait that ignored its 1 s would run until the test's own limit. The bound is loose
        // because a loaded 2-core machine once took 18 s here (the log tail and each connect attempt).
        #expect(clock.now - started < .seconds(60))
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("did not become ready on \(socket) within 1 s"), "\(message)")
        #expect(message.contains("no Docker daemon socket"), "the last attempt's reason: \(message)")
        // stop() on a daemon that is already gone returns at once.
        try await controller.stop()
    }
}
