import DockerState
import Foundation
import HostSystem
import LayerArchive
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import ImageImport

/// The tar stream `ImageImporter` sends: exactly the store's documents and referenced blobs, readable by GNU tar
/// and libarchive with the same names and bytes, whatever the chunk size; a damaged, missing or changing file
/// stops it with a message naming the blob and its images.
@Suite struct StoreTarStreamTests {
    @Test(arguments: [1000, 1 << 20])
    func streamsTheStoreAsATarThatTarAndLibarchiveRead(chunkSize: Int) async throws {
        let store = try FakeStore()
        let upload = try StoreUpload.plan(store: store.root)
        let observer = RecordingObserver()
        let bytes = try Self.drain(
            StoreTarStream(upload: upload, checkDigests: true, observer: observer), chunk: chunkSize)
        #expect(UInt64(bytes.count) == upload.length)
        #expect(bytes.count % 512 == 0)
        #expect(upload.imageCount == 2)
        #expect(upload.blobCount == store.referencedBlobs.count)

        let scratch = try ScratchDirectory("tarstream")
        let tarPath = "\(scratch.path)/upload.tar"
        try Data(bytes).write(to: URL(fileURLWithPath: tarPath))

        // GNU tar lists exactly the documents and the referenced blobs: no stray blob, no partial, no record.
        let listing = try await CommandRunner().check(Command("/bin/tar", ["-tf", tarPath])).standardOutput
        let names = listing.split(separator: "\n").map(String.init)
        let expected =
            ["oci-layout", "index.json", "manifest.json", "repositories", "blobs/", "blobs/sha256/"]
            + store.referencedBlobs.map { "blobs/sha256/\($0)" }
        #expect(names.sorted() == expected.sorted())
        #expect(names.count == Set(names).count, "each blob once")
        #expect(!listing.contains(store.strayHex) && !listing.contains(".partial") && !listing.contains("drivershift"))

        // Extracted, every file is byte for byte the store's.
        let extracted = "\(scratch.path)/x"
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        try await CommandRunner().check(Command("/bin/tar", ["-xf", tarPath, "-C", extracted]))
        for name in names where !name.hasSuffix("/") {
            let original = try Data(contentsOf: URL(fileURLWithPath: "\(store.root)/\(name)"))
            let copy = try Data(contentsOf: URL(fileURLWithPath: "\(extracted)/\(name)"))
            #expect(original == copy, "\(name) differs after the round trip")
        }

        // libarchive (what LayerArchive reads docker save output with) sees the same members and sizes.
        let descriptor = open(tarPath, O_RDONLY)
        defer { close(descriptor) }
        let reader = try ArchiveEntryReader(descriptor: descriptor, label: tarPath)
        var seen: [String: UInt64] = [:]
        while let entry = try reader.next() { seen[entry.path] = entry.size }
        #expect(seen["blobs/sha256/\(store.bigLayerHex)"] == UInt64(3 * 1024 * 1024 + 17))
        #expect(Set(seen.keys) == Set(names))

        // Progress climbs to the total; every blob is reported once.
        #expect(observer.progress == observer.progress.sorted())
        #expect(observer.progress.last == upload.length)
        #expect(observer.blobsSent.sorted() == store.referencedBlobs.map { "blobs/sha256/\($0)" }.sorted())
    }

    @Test func damagedBlobStopsTheStreamNamingBlobAndImages() throws {
        let store = try FakeStore()
        try store.flipByte(inBlob: store.bigLayerHex, at: 2_000_000)
        let upload = try StoreUpload.plan(store: store.root)
        let stream = StoreTarStream(upload: upload, checkDigests: true, observer: SilentImportObserver())
        let error = try #require(throws: ImportError.self) { try Self.drain(stream, chunk: 1 << 16) }
        guard case .blobDamaged(let path, let expected, let actual, let images) = error else {
            Issue.record("expected blobDamaged, got \(error)")
            return
        }
        #expect(path == "blobs/sha256/\(store.bigLayerHex)")
        #expect(expected == "sha256:\(store.bigLayerHex)" && actual != expected)
        #expect(images.contains(FakeStore.appTags.joined(separator: ", ")))
        #expect(images.contains { $0.contains("untagged image sha256:\(store.untaggedConfigHex.prefix(12))") })
        #expect(error.description.contains(store.bigLayerHex) && error.description.contains("drivershift-test/app:1"))
        // The stream stays failed: it never ends as a complete tar.
        #expect(stream.failure == error)
        #expect(throws: ImportError.self) { try Self.drain(stream, chunk: 1 << 16) }

        // Without the digest check the same bytes go out whole (the daemon's own check is then the last line).
        let unchecked = StoreTarStream(upload: upload, checkDigests: false, observer: SilentImportObserver())
        #expect(try Self.drain(unchecked, chunk: 1 << 16).count == Int(upload.length))
    }

    @Test func missingBlobIsRefusedBeforeAnythingIsSent() throws {
        let store = try FakeStore()
        let small = try #require(store.layers.first { $0.value.count == 14 }?.key)
        try FileManager.default.removeItem(atPath: "\(store.root)/blobs/sha256/\(small)")
        let error = try #require(throws: ImportError.self) { try StoreUpload.plan(store: store.root) }
        #expect(
            error == .blobMissing(path: "blobs/sha256/\(small)", images: [FakeStore.appTags.joined(separator: ", ")]))
        #expect(error.description.contains("Nothing was sent"))
    }

    @Test func unsafeManifestEntriesAreRefused() throws {
        let store = try FakeStore()
        let manifest = [DockerArchiveManifest(Config: "blobs/sha256/../../../etc/passwd", RepoTags: nil, Layers: [])]
        try store.write(Array(try JSONEncoder().encode(manifest)), to: "manifest.json")
        #expect(
            throws: ImportError.unsafeStoreEntry(document: "manifest.json", entry: "blobs/sha256/../../../etc/passwd")
        ) {
            try StoreUpload.plan(store: store.root)
        }
        try FileManager.default.removeItem(atPath: "\(store.root)/manifest.json")
        let error = try #require(throws: ImportError.self) { try StoreUpload.plan(store: store.root) }
        #expect(
            error.description.contains("\(store.root)/manifest.json") && error.description.contains("does not exist"))
    }

    @Test func fileChangingDuringTheUploadIsCaught() throws {
        let store = try FakeStore()
        let upload = try StoreUpload.plan(store: store.root)
        try store.write(Array("[]   ".utf8), to: "oci-layout")
        let stream = StoreTarStream(upload: upload, checkDigests: true, observer: SilentImportObserver())
        let error = try #require(throws: ImportError.self) { try Self.drain(stream, chunk: 4096) }
        guard case .storeChanged(let path, _, let actual) = error else {
            Issue.record("expected storeChanged, got \(error)")
            return
        }
        #expect(path == "\(store.root)/oci-layout" && actual == 5)
    }

    /// Names over 100 bytes and sizes from 8 GiB on need pax records; libarchive reads them back exactly.
    @Test func longNamesAndHugeSizesGoIntoPaxRecords() throws {
        let name = "blobs/" + String(repeating: "n", count: 150)
        let size: UInt64 = 10 << 30
        let header = TarHeader(name: name, size: size, mode: 0o644, modificationTime: 1_700_000_000, kind: .regularFile)
        let bytes = header.encoded()
        #expect(bytes.count == 3 * 512)
        #expect(header.streamLength == UInt64(bytes.count) + size)
        let scratch = try ScratchDirectory("paxheader")
        let path = "\(scratch.path)/header.tar"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let entry = try #require(try ArchiveEntryReader(descriptor: descriptor, label: path).next())
        #expect(entry.path == name)
        #expect(entry.size == size)
        #expect(entry.isRegularFile)

        // A plain member stays one ustar block with a valid checksum (libarchive checks it).
        let plain = TarHeader(name: "oci-layout", size: 30, mode: 0o644, modificationTime: 0, kind: .regularFile)
        #expect(plain.encoded().count == 512)
        #expect(TarHeader.paxRecords([("path", String(repeating: "x", count: 93))]).count == 103)
    }

    /// Everything a stream produces, read `chunk` bytes at a time as the HTTP client would.
    static func drain(_ stream: StoreTarStream, chunk: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
            if count == 0 { return output }
            output += buffer[0..<count]
        }
    }
}
