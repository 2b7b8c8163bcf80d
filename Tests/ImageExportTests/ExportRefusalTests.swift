import Foundation
import HostSystem
import Sandbox
import Testing

/// An export that cannot succeed says so before writing anything: too little space, a store inside the data
/// root, an unknown image, a source that cannot work.
@Suite(.serialized) struct ExportRefusalTests {
    @Test func refusesClearly() async throws {
        let sandbox = try await DockerSandbox.start(driver: "overlay2")
        let scratch = try ExportTestSupport.temporaryDirectory("refusal")
        do {
            _ = try await SampleImages.build(in: sandbox)
            try await sandbox.stop()
            try await checkRefusals(sandbox: sandbox, scratch: scratch)
        } catch {
            _ = try? await CommandRunner().run(Command("/bin/umount", ["\(scratch)/tiny"]))
            try? await sandbox.remove()
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
        try await sandbox.remove()
        try? FileManager.default.removeItem(atPath: scratch)
        ExportTestSupport.recordEvidence("real-dockerd-export-refusals")
    }

    private func checkRefusals(sandbox: DockerSandbox, scratch: String) async throws {
        let host = ["export", "--host-root", sandbox.directory]

        // A 1 MiB filesystem cannot hold a few MB of layers: refused up front, nothing written.
        let tiny = "\(scratch)/tiny"
        try FileManager.default.createDirectory(atPath: tiny, withIntermediateDirectories: true)
        try await CommandRunner().check(Command("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", tiny]))
        let full = try await ExportTestSupport.drivershift(host + ["--to", "\(tiny)/store"])
        _ = try await CommandRunner().run(Command("/bin/umount", [tiny]))
        #expect(full.exitCode == 1)
        #expect(full.standardError.contains("not enough space at \(tiny)/store"), "\(full.standardError)")
        #expect(full.standardError.contains("--to"))

        let inside = try await ExportTestSupport.drivershift(host + ["--to", "\(sandbox.dataRoot)/export"])
        #expect(inside.exitCode == 1)
        #expect(inside.standardError.contains("inside Docker's data root"), "\(inside.standardError)")
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.dataRoot)/export"))

        let unknown = try await ExportTestSupport.drivershift(host + ["--to", "\(scratch)/s", "--images", "nope:1"])
        #expect(unknown.exitCode == 1)
        #expect(unknown.standardError.contains("no image matches nope:1"))

        let noDaemon = try await ExportTestSupport.drivershift(host + ["--to", "\(scratch)/s", "--source", "daemon"])
        #expect(noDaemon.exitCode == 1)
        #expect(noDaemon.standardError.contains("--source daemon needs a running daemon"), "\(noDaemon.standardError)")

        // One image by reference exports just its layers.
        let one = try await ExportTestSupport.drivershift(
            host + ["--to", "\(scratch)/one", "--images", SampleImages.baseReference])
        #expect(one.exitCode == 0, "\(one.standardError)")
        let manifest = try String(contentsOfFile: "\(scratch)/one/manifest.json", encoding: .utf8)
        #expect(manifest.contains(SampleImages.baseReference) && !manifest.contains(SampleImages.appReference))
    }
}
