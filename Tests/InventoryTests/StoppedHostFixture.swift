import Foundation
import Sandbox

/// A real host tree made once per test run: a vfs sandbox with the sample images, volume and containers,
/// stopped. Tests damage copies of it, never the original.
actor StoppedHostFixture {
    private var prepared: Task<String, Error>?

    func directory() async throws -> String {
        if let prepared { return try await prepared.value }
        let task = Task { try await Self.make() }
        prepared = task
        return try await task.value
    }

    /// Runs `body` on a fresh copy of the host tree and removes the copy afterwards.
    nonisolated func withCopy(_ body: (String) async throws -> Void) async throws {
        let original = try await directory()
        let scratch = try TestSupport.temporaryDirectory("host")
        let copy = "\(scratch)/host"
        try await TestSupport.copyTree(original, to: copy)
        do {
            try await body(copy)
        } catch {
            await TestSupport.removeTree(scratch)
            throw error
        }
        await TestSupport.removeTree(scratch)
    }

    private static func make() async throws -> String {
        let sandbox = try await DockerSandbox.start(driver: "vfs")
        do {
            _ = try await SampleImages.build(in: sandbox)
            try await sandbox.stop()
            TestSupport.recordEvidence("real-dockerd-bad-input")
        } catch {
            try? await sandbox.remove()
            throw error
        }
        return sandbox.directory
    }
}
