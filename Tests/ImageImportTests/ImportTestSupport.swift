import DockerEngine
import DriverShiftTestSupport
import Foundation
import HostSystem
import LayerArchive
import Sandbox
import Synchronization

/// Helpers of the import tests: sandboxes that are always removed, the binary, stores, and the daemon's view.
enum ImportTestSupport {
    /// Runs `body` with a scratch directory and a set of sandboxes, and removes both whatever happens.
    static func withSandboxes(
        _ label: String, _ body: (SandboxSet, String) async throws -> Void
    ) async throws {
        let sandboxes = SandboxSet()
        let scratch = try DriverShiftBinary.temporaryDirectory(label)
        do {
            try await body(sandboxes, scratch)
        } catch {
            try? await sandboxes.removeAll()
            await removeTree(scratch)
            throw error
        }
        try await sandboxes.removeAll()
        await removeTree(scratch)
    }

    static func removeTree(_ path: String) async {
        _ = try? await CommandRunner().run(Command("/bin/rm", ["-rf", "--one-file-system", path]))
    }

    /// `drivershift export --all` from a running sandbox into `store`; throws with stderr unless it exits 0.
    static func export(from sandbox: DockerSandbox, to store: String) async throws -> ExportManifest {
        let result = try await DriverShiftBinary.run([
            "export", "--host-root", sandbox.directory, "--host", sandbox.hostURL, "--to", store, "--all",
        ])
        guard result.exitCode == 0 else { throw TestFailure("drivershift export failed: \(result.standardError)") }
        return try manifest(of: store)
    }

    static func manifest(of store: String) throws -> ExportManifest {
        try JSONDecoder().decode(
            ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(store)/drivershift-export.json")))
    }

    static func client(for sandbox: DockerSandbox) async throws -> EngineClient {
        try await EngineClient.connect(to: EngineEndpoint(socketPath: sandbox.socketPath))
    }

    /// Every image ID in the daemon (`docker image ls -aq --no-trunc`).
    static func imageIDs(in sandbox: DockerSandbox) async throws -> Set<String> {
        let output = try await sandbox.docker(["image", "ls", "-aq", "--no-trunc"]).standardOutput
        return Set(output.split(separator: "\n").map(String.init))
    }

    /// `docker image inspect` of one image as a dictionary.
    static func inspect(_ image: String, in sandbox: DockerSandbox) async throws -> [String: Any] {
        let answer = try await sandbox.dockerJSON(["image", "inspect", image])
        guard let fields = (answer as? [[String: Any]])?.first else { throw TestFailure("no image \(image)") }
        return fields
    }

    static func flipByte(in path: String, at offset: UInt64) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        guard let byte = try handle.read(upToCount: 1)?.first else { throw TestFailure("\(path) is too short") }
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([byte ^ 0xff]))
    }

    /// Where the content of the first regular file with content starts in a tar: walks the headers (pax and GNU
    /// long-name members included, each followed by its data) as any tar reader does.
    static func firstContentOffset(inTar path: String) throws -> UInt64 {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var offset: UInt64 = 0
        while true {
            try handle.seek(toOffset: offset)
            guard let block = try handle.read(upToCount: 512), block.count == 512, block.contains(where: { $0 != 0 })
            else { throw TestFailure("no regular file with content in \(path)") }
            let sizeField = String(decoding: block[124..<136].prefix { $0 != 0 && $0 != 32 }, as: UTF8.self)
            let size = UInt64(sizeField, radix: 8) ?? 0
            let type = block[156]
            if (type == UInt8(ascii: "0") || type == 0) && size > 0 { return offset + 512 }
            offset += 512 + (size + 511) / 512 * 512
        }
    }

    /// The files dockerd left in `<data-root>/tmp` (it stages loads there); waits up to 10 s for them to go.
    static func stagedFiles(in sandbox: DockerSandbox) async throws -> [String] {
        let directory = "\(sandbox.dataRoot)/tmp"
        for _ in 0..<50 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if names.isEmpty { return [] }
            try await Task.sleep(for: .milliseconds(200))
        }
        return (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }
}

/// The sandboxes a test started, so that all of them are removed at the end.
final class SandboxSet: Sendable {
    private let started = Mutex<[DockerSandbox]>([])

    func start(driver: String) async throws -> DockerSandbox {
        let sandbox = try await DockerSandbox.start(driver: driver)
        started.withLock { $0.append(sandbox) }
        return sandbox
    }

    /// Removes every sandbox, trying all of them before throwing the first failure.
    func removeAll() async throws {
        let sandboxes = started.withLock { list in
            defer { list.removeAll() }
            return list
        }
        var firstError: Error?
        for sandbox in sandboxes {
            do { try await sandbox.remove() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
