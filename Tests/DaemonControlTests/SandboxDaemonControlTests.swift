import DaemonControl
import DockerEngine
import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox
import Testing

/// The controller driving a real sandbox dockerd through `drivershift-sandbox start|stop`, as a plan's
/// `--daemon-control command` would drive an unusual host.
@Suite("Daemon control of a real sandbox dockerd")
struct SandboxDaemonControlTests {
    @Test("stop, switch daemon.json to overlay2, start, and see the new driver; wrong or broken configs fail")
    func switchDriver() async throws {
        let binary = try SandboxBinary.path()
        let sandbox = try await DockerSandbox.start(driver: "vfs")
        do {
            try await exercise(sandbox, binary: binary)
        } catch {
            try? await sandbox.remove()
            throw error
        }
        try await sandbox.remove()
        DriverShiftBinary.recordEvidence("daemon-control-sandbox")
    }

    private func exercise(_ sandbox: DockerSandbox, binary: String) async throws {
        let controller = DaemonController(
            method: .command(
                start: Command(binary, ["start", "--dir", sandbox.directory]),
                stop: Command(binary, ["stop", "--dir", sandbox.directory])),
            endpoint: EngineEndpoint(socketPath: sandbox.socketPath),
            logSource: .files([sandbox.logPath]),
            stopTimeout: .seconds(60))
        let first = try await controller.waitUntilReady(expectedDriver: "vfs", timeout: .seconds(30))
        #expect(first.driver == "vfs")
        #expect(first.dataRoot == sandbox.dataRoot)

        try await controller.stop()
        await #expect(throws: EngineError.self, "nothing answers after stop()") {
            _ = try await EngineClient.connect(to: EngineEndpoint(socketPath: sandbox.socketPath), timeoutSeconds: 5)
        }
        #expect(!sandbox.isRunning)

        try "{\"storage-driver\": \"overlay2\"}\n".write(
            toFile: sandbox.layout.configFile, atomically: true, encoding: .utf8)
        try await controller.start()
        let ready = try await controller.waitUntilReady(expectedDriver: "overlay2", timeout: .seconds(60))
        #expect(ready.driver == "overlay2")
        #expect(try await ready.client.info().Driver == "overlay2", "the returned client works")

        // Expecting another driver fails at once, naming both.
        let wrong = await #expect(throws: DaemonControlError.self) {
            _ = try await controller.waitUntilReady(expectedDriver: "vfs", timeout: .seconds(30))
        }
        let wrongMessage = wrong.map { "\($0)" } ?? ""
        #expect(wrongMessage.contains("runs the storage driver overlay2, not vfs"), "\(wrongMessage)")
        #expect(wrongMessage.contains("Last lines of \(sandbox.logPath)"))

        // A stop command that does not stop it: the controller notices the socket still answers.
        let stubborn = DaemonController(
            method: .command(start: Command("/bin/true"), stop: Command("/bin/true")),
            endpoint: EngineEndpoint(socketPath: sandbox.socketPath), stopTimeout: .seconds(1))
        let still = await #expect(throws: DaemonControlError.self) { try await stubborn.stop() }
        #expect(still.map { "\($0)" }?.contains("still answers on \(sandbox.socketPath)") == true)

        // A driver dockerd does not know: the start command fails and the error shows dockerd's complaint.
        try await controller.stop()
        try "{\"storage-driver\": \"no-such-driver\"}\n".write(
            toFile: sandbox.layout.configFile, atomically: true, encoding: .utf8)
        let broken = await #expect(throws: DaemonControlError.self) { try await controller.start() }
        let brokenMessage = broken.map { "\($0)" } ?? ""
        #expect(brokenMessage.contains("to start dockerd) exited with status"), "\(brokenMessage)")
        #expect(brokenMessage.contains("Last lines of \(sandbox.logPath)"), "\(brokenMessage)")
        #expect(brokenMessage.contains("no-such-driver"), "dockerd's own words name the driver:\n\(brokenMessage)")
        #expect(!sandbox.isRunning)

        // Invalid JSON: dockerd refuses to start as well.
        try "{\"storage-driver\": \"overlay2\"\n".write(
            toFile: sandbox.layout.configFile, atomically: true, encoding: .utf8)
        let invalid = await #expect(throws: DaemonControlError.self) { try await controller.start() }
        #expect(invalid.map { "\($0)" }?.contains("daemon.json") == true, "\(invalid.map { "\($0)" } ?? "")")
    }
}
