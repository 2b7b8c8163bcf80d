import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Bad input gets a clear error and a non-zero exit, never a crash or a silent gap. Each case damages a copy of
/// a real (stopped) dockerd data root, then runs the real binary on it.
@Suite(.serialized) struct BadInputTests {
    /// A real data root: a stopped vfs sandbox with the sample images.
    static let fixture = StoppedHostFixture()

    @Test func missingDataRoot() async throws {
        let result = try await TestSupport.drivershift(["inventory", "--offline", "--data-root", "/nonexistent/docker"])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.contains("drivershift: error: Docker data root /nonexistent/docker does not exist"))
        #expect(result.standardError.contains("--data-root"))
    }

    @Test func corruptRepositoriesJSON() async throws {
        try await Self.fixture.withCopy { host in
            let path = "\(host)/var/lib/docker/image/vfs/repositories.json"
            try Data("{\"Repositories\": {\"drivershift-test/base\": ".utf8).write(to: URL(fileURLWithPath: path))
            let result = try await TestSupport.drivershift(["inventory", "--host-root", host])
            #expect(result.exitCode == 1)
            #expect(result.standardError.contains("\(path) is corrupt"), "\(result.standardError)")
            #expect(result.standardOutput.isEmpty, "no partial inventory that would silently miss tags")
        }
    }

    @Test func truncatedTarSplit() async throws {
        try await Self.fixture.withCopy { host in
            let layers = "\(host)/var/lib/docker/image/vfs/layerdb/sha256"
            let chain = try #require(try FileManager.default.contentsOfDirectory(atPath: layers).sorted().first)
            let path = "\(layers)/\(chain)/tar-split.json.gz"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
            let result = try await TestSupport.drivershift(["inventory", "--host-root", host])
            #expect(result.exitCode == 1)
            #expect(result.standardOutput.contains("[tar-split-corrupt]"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains(path))
            #expect(result.standardError.contains("inventory found"))
        }
    }

    @Test func cacheIDPointingNowhere() async throws {
        try await Self.fixture.withCopy { host in
            let layers = "\(host)/var/lib/docker/image/vfs/layerdb/sha256"
            let chain = try #require(try FileManager.default.contentsOfDirectory(atPath: layers).sorted().first)
            try Data("0123456789abcdef-gone".utf8).write(to: URL(fileURLWithPath: "\(layers)/\(chain)/cache-id"))
            let result = try await TestSupport.drivershift(["inventory", "--host-root", host, "--format", "json"])
            #expect(result.exitCode == 1)
            #expect(result.standardOutput.contains("\"code\" : \"layer-content-missing\""), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("0123456789abcdef-gone"))
        }
    }

    @Test func noPermission() async throws {
        try await Self.fixture.withCopy { host in
            chmod("\(host)/var/lib/docker", 0o700)
            let result = try await Self.inventoryAsNobody(hostRoot: host)
            #expect(result.exitCode == 1, "\(result.standardError)")
            #expect(result.standardError.contains("permission denied"), "\(result.standardError)")
            #expect(result.standardError.contains("run drivershift as root"))
        }
    }

    @Test func unreadableDaemonJSON() async throws {
        try await Self.fixture.withCopy { host in
            let daemonJSON = "\(host)/etc/docker/daemon.json"
            chmod(daemonJSON, 0o600)
            chmod(host, 0o755)
            for directory in ["etc", "etc/docker"] { chmod("\(host)/\(directory)", 0o755) }
            let result = try await Self.inventoryAsNobody(hostRoot: host)
            #expect(result.exitCode == 1, "\(result.standardError)")
            #expect(result.standardError.contains("cannot read /etc/docker/daemon.json"), "\(result.standardError)")
            #expect(result.standardError.contains("permission denied"))
        }
    }

    /// Root reads any file, so permission cases run the real binary as nobody, as a non-root operator would.
    static func inventoryAsNobody(hostRoot: String) async throws -> CommandResult {
        let arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", try TestSupport.binary()]
        return try await CommandRunner().run(
            Command("/usr/bin/setpriv", arguments + ["inventory", "--offline", "--host-root", hostRoot]))
    }

    @Test func socketThatDoesNotAnswer() async throws {
        let directory = try TestSupport.temporaryDirectory("mute")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socketPath = "\(directory)/mute.sock"
        let listener = try MuteSocket(path: socketPath)
        defer { listener.close() }
        let started = Date()
        let result = try await TestSupport.drivershift([
            "inventory", "--host", "unix://\(socketPath)", "--timeout", "2",
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("did not answer within 2 s"), "\(result.standardError)")
        #expect(result.standardError.contains("--offline"))
        #expect(Date().timeIntervalSince(started) < 30, "must not hang")
    }

    /// The host's own daemon (the default socket) accepts but does not answer, as dockerd does on a full
    /// devicemapper pool: the inventory goes on from disk, says so, and lists what the data root holds.
    @Test func defaultSocketThatDoesNotAnswerFallsBackToDisk() async throws {
        try await Self.fixture.withCopy { host in
            try FileManager.default.createDirectory(atPath: "\(host)/var/run", withIntermediateDirectories: true)
            let listener = try MuteSocket(path: "\(host)/var/run/docker.sock")
            defer { listener.close() }
            let started = Date()
            let result = try await TestSupport.drivershift([
                "inventory", "--host-root", host, "--timeout", "2", "--format", "json",
            ])
            #expect(Date().timeIntervalSince(started) < 60, "must not hang")
            #expect(result.exitCode == 0, "\(result.standardError)")
            let inventory = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            #expect(inventory?["mode"] as? String == "offline")
            let docker = inventory?["docker"] as? [String: Any]
            #expect(
                (docker?["daemonNote"] as? String)?.contains("did not answer within 2 s") == true, "\(docker ?? [:])")
            let problems = inventory?["problems"] as? [[String: Any]] ?? []
            #expect(
                problems.contains {
                    $0["code"] as? String == "daemon-not-answering" && $0["severity"] as? String == "warning"
                },
                "\(problems)")
            #expect((inventory?["images"] as? [Any])?.isEmpty == false, "the images come from disk")
        }
    }

    @Test func explicitSocketWithNoDaemon() async throws {
        let result = try await TestSupport.drivershift(["inventory", "--host", "unix:///nonexistent/docker.sock"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("no Docker daemon socket at /nonexistent/docker.sock"))
    }

    @Test func unsupportedHost() async throws {
        let result = try await TestSupport.drivershift(["inventory", "--host", "tcp://10.0.0.1:2375"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("unsupported --host tcp://10.0.0.1:2375"))
    }
}

/// A Unix socket that accepts connections (the kernel's backlog does) but never answers: a hung daemon.
final class MuteSocket: Sendable {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw TestFailure("cannot listen on \(path)") }
    }

    func close() { _ = Glibc.close(descriptor) }
}
