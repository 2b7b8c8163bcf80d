import DockerEngine
import DriverShiftTestSupport
import Foundation
import HostSystem
import LayerArchive
import Sandbox
import Testing

@testable import ImageImport

#if canImport(Glibc)
    import Glibc
#endif

/// A damaged store and a big layer, against real daemons: a flipped byte stops the upload naming the blob and its
/// images with nothing loaded; without the digest check, dockerd's own refusal is reported with the images; a
/// 200 MB layer goes through without the process's memory growing with it.
extension RealDockerImportTests {
    static let bigReference = "drivershift-test/big:1"
    static let bigBytes = 200 << 20

    @Test func damagedStoreFailsClearlyAndBigLayersStreamInFlatMemory() async throws {
        try await ImportTestSupport.withSandboxes("import-damage") { sandboxes, scratch in
            let source = try await sandboxes.start(driver: "overlay2")
            _ = try await SampleImages.build(in: source)
            try await Self.importBigImage(into: source, scratch: scratch)
            let store = "\(scratch)/store"
            let manifest = try await ImportTestSupport.export(from: source, to: store)
            let target = try await sandboxes.start(driver: "overlay2")
            let client = try await ImportTestSupport.client(for: target)

            try await checkDamagedBlob(
                store: store, manifest: manifest, scratch: scratch, target: target, client: client)
            try await checkFlatMemory(store: store, manifest: manifest, client: client)
        }
        DriverShiftBinary.recordEvidence("real-dockerd-import-damage-and-memory")
    }

    private func checkDamagedBlob(
        store: String, manifest: ExportManifest, scratch: String, target: DockerSandbox, client: EngineClient
    ) async throws {
        let damaged = "\(scratch)/damaged"
        try await CommandRunner().check(Command("/bin/cp", ["-a", store, damaged]))
        let app = try #require(manifest.images.first { $0.tags.contains(SampleImages.appReference) })
        let victim = try #require(app.layers.last { $0.size > 1024 })
        let victimHex = String(victim.diffID.dropFirst("sha256:".count))
        // A byte of file content, not of a tar header: the tar stays readable, only its digest changes.
        let victimPath = "\(damaged)/blobs/sha256/\(victimHex)"
        try ImportTestSupport.flipByte(in: victimPath, at: try ImportTestSupport.firstContentOffset(inTar: victimPath))

        // The importer's own check: stopped before the end of the upload, nothing loaded, nothing left staged.
        let error = try await #require(throws: ImportError.self) {
            try await ImageImporter().load(store: damaged, client: client)
        }
        guard case .blobDamaged(let path, _, _, let images) = error else {
            Issue.record("expected blobDamaged, got \(error)")
            return
        }
        #expect(path == "blobs/sha256/\(victimHex)")
        #expect(images.contains { $0.contains(SampleImages.appReference) })
        #expect(error.description.contains(victimHex) && error.description.contains(SampleImages.appReference))
        #expect(try await ImportTestSupport.imageIDs(in: target).isEmpty, "nothing was loaded")
        #expect(try await ImportTestSupport.stagedFiles(in: target).isEmpty, "dockerd dropped the partial upload")

        // Without it, dockerd's check refuses the layer; its message is passed on with the images it concerns.
        let refused = try await #require(throws: ImportError.self) {
            try await ImageImporter(checkBlobDigests: false).load(store: damaged, client: client)
        }
        guard case .daemonRefused(let storePath, let message, let concerned) = refused else {
            Issue.record("expected daemonRefused, got \(refused)")
            return
        }
        #expect(storePath == damaged)
        #expect(message.contains(victimHex), "dockerd names the layer: \(message)")
        #expect(concerned.contains { $0.contains(SampleImages.appReference) }, "\(concerned)")

        // The verifier names what is missing after such a partial load, image by image.
        let verification = try await ImportVerifier.verify(manifest: manifest, client: client)
        #expect(verification.blocking.contains { $0.kind == .imageMissing && $0.image == app.id })
    }

    private func checkFlatMemory(store: String, manifest: ExportManifest, client: EngineClient) async throws {
        let big = try #require(manifest.images.first { $0.tags.contains(Self.bigReference) })
        #expect(big.layers.contains { $0.size >= UInt64(Self.bigBytes) })
        try Self.resetPeakMemory()
        let before = try Self.memoryKiB("VmRSS")
        let result = try await ImageImporter().load(store: store, client: client)
        let peak = try Self.memoryKiB("VmHWM")
        let growthMiB = (peak - min(peak, before)) / 1024
        #expect(result.bytesSent > UInt64(Self.bigBytes), "the big layer really went through")
        // The layer alone is 200 MiB; a streaming upload holds a few 1 MiB chunks.
        #expect(growthMiB < 64, "resident memory grew by \(growthMiB) MiB while loading a 200 MiB layer")
        let verification = try await ImportVerifier.verify(manifest: manifest, client: client)
        #expect(verification.isComplete, "\(verification.mismatches)")
    }

    /// `docker import` of a tar holding 200 MiB of random bytes: one big layer, quick to make on overlay2.
    static func importBigImage(into sandbox: DockerSandbox, scratch: String) async throws {
        let directory = "\(scratch)/big"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = "\(directory)/big.bin"
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<(bigBytes >> 20) {
            let chunk = (0..<(1 << 17)).map { _ in generator.next() as UInt64 }
            try handle.write(contentsOf: chunk.withUnsafeBytes { Data($0) })
        }
        try handle.close()
        try await CommandRunner().check(Command("/bin/tar", ["-C", directory, "-cf", "\(scratch)/big.tar", "big.bin"]))
        try FileManager.default.removeItem(atPath: file)
        try await sandbox.docker(["import", "\(scratch)/big.tar", bigReference])
        try FileManager.default.removeItem(atPath: "\(scratch)/big.tar")
    }

    /// Resets VmHWM (the peak resident size) to the current size: Linux's /proc/self/clear_refs, value 5.
    static func resetPeakMemory() throws {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else {
            throw TestFailure("cannot open /proc/self/clear_refs (errno \(errno)): the memory check needs it")
        }
        defer { close(descriptor) }
        guard write(descriptor, "5", 1) == 1 else {
            throw TestFailure("writing 5 to /proc/self/clear_refs failed (errno \(errno)): the memory check needs it")
        }
    }

    /// A `Vm…` line of /proc/self/status, in KiB.
    static func memoryKiB(_ field: String) throws -> UInt64 {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let value = line.dropFirst(field.count + 1).split(whereSeparator: \.isWhitespace).first
            if let value, let kib = UInt64(value) { return kib }
        }
        throw TestFailure("no \(field) in /proc/self/status")
    }
}
