import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox

/// A vfs sandbox with one tiny image, and the argv that let `drivershift switch` stop and start its daemon.
struct SwitchSandbox {
    static let imageReference = "drivershift-test/switch:1"

    let sandbox: DockerSandbox
    let imageID: String

    var directory: String { sandbox.directory }
    var daemonJSONPath: String { sandbox.layout.configFile }

    static func start(driver: String = "vfs", directory: String? = nil) async throws -> SwitchSandbox {
        let sandbox = try await DockerSandbox.start(driver: driver, directory: directory)
        do {
            let work = try DriverShiftBinary.temporaryDirectory("switch-image")
            defer { try? FileManager.default.removeItem(atPath: work) }
            try FileManager.default.createDirectory(atPath: work + "/root/bin", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: SampleImages.busyboxPath, toPath: work + "/root/bin/busybox")
            try await CommandRunner().check(Command("tar", ["-C", work + "/root", "-cf", work + "/image.tar", "."]))
            try await sandbox.docker(["import", work + "/image.tar", imageReference])
            let id = try await sandbox.docker(["image", "inspect", "--format", "{{.Id}}", imageReference])
            return SwitchSandbox(
                sandbox: sandbox, imageID: id.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            try? await sandbox.remove()
            throw error
        }
    }

    /// Runs `body` on a fresh sandbox and removes the sandbox afterwards, also when `body` throws.
    static func with(_ body: (SwitchSandbox) async throws -> Void) async throws {
        let host = try await start()
        do {
            try await body(host)
        } catch {
            try? await host.sandbox.remove()
            throw error
        }
        try await host.sandbox.remove()
    }

    /// The `--daemon-control command` options that drive this sandbox through drivershift-sandbox.
    func daemonControlArguments(start: [String]? = nil) throws -> [String] {
        let tool = try SandboxBinary.path()
        let startArgv = start ?? [tool, "start", "--dir", directory]
        return [
            "--daemon-control", "command",
            "--daemon-start", try json(startArgv),
            "--daemon-stop", try json([tool, "stop", "--dir", directory]),
            "--daemon-log", sandbox.hostRoot.hostPath(of: sandbox.logPath),
        ]
    }

    /// `drivershift switch ... --host-root DIR -H unix://...` with this sandbox's daemon control.
    func switchArguments(_ extra: [String], start: [String]? = nil) throws -> [String] {
        ["switch", "--host-root", directory, "-H", sandbox.hostURL] + (try daemonControlArguments(start: start))
            + extra
    }

    func liveDriver() async throws -> String {
        try await sandbox.docker(["info", "--format", "{{.Driver}}"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func daemonJSONBytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: daemonJSONPath))
    }

    private func json(_ words: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(words), as: UTF8.self)
    }
}
