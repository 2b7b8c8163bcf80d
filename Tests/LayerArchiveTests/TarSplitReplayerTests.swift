import Foundation
import Testing

@testable import LayerArchive

#if canImport(Glibc)
    import Glibc
#endif

/// Replaying a tar-split rebuilds the layer's exact bytes, and a hostile one never reads outside the layer.
@Suite struct TarSplitReplayerTests {
    enum Refusal: Sendable { case unsafeName, notRegular }

    /// A tar-split whose only member is `name` with `size` bytes, and what a hostile name would have us read.
    /// The layer sits two levels below a secret file so that `../../outside-secret` reaches it.
    @Test(arguments: [
        ("../../outside-secret", Refusal.unsafeName),
        ("a/../../../outside-secret", Refusal.unsafeName),
        ("OUTSIDE/outside-secret", Refusal.unsafeName),  // absolute: OUTSIDE is replaced by the real path
        ("a//outside-secret", Refusal.unsafeName),
        ("evil\0", Refusal.unsafeName),
        ("link/outside-secret", Refusal.notRegular),  // link -> <outside dir> (absolute symlink)
        ("/etc/passwd", Refusal.unsafeName),
        ("etc/passwd", Refusal.notRegular),  // etc -> /etc
        ("evil", Refusal.notRegular),  // evil -> ../../outside-secret
        ("./evil", Refusal.notRegular),
        ("dot/evil", Refusal.notRegular),  // dot -> .
        ("a/up/outside-secret", Refusal.notRegular),  // a/up -> ../../..
        ("inner", Refusal.notRegular),  // inner -> a/real (a symlink to a file inside the layer)
    ])
    func hostileNamesNeverReadOutsideTheLayer(text: String, refusal: Refusal) throws {
        let name = Array(text.utf8)
        let outside = try TestDirectory("outside")
        let secret = Array("TOP-SECRET-\(UUID().uuidString)\n".utf8)
        try outside.write(secret, to: Array("outside-secret".utf8))
        try outside.makeDirectory("l1/layer/a")
        let layerPath = "\(outside.path)/l1/layer"
        try outside.write(secret, to: Array("l1/layer/a/real".utf8))
        for (link, target) in [
            ("link", outside.path), ("etc", "/etc"), ("evil", "../../outside-secret"), ("dot", "."),
            ("a/up", "../../.."), ("inner", "a/real"),
        ] {
            try outside.symlink("l1/layer/\(link)", pointingTo: target)
        }
        let member = name.starts(with: Array("OUTSIDE".utf8)) ? Array(outside.path.utf8) + name.dropFirst(7) : name
        let size = text.hasSuffix("etc/passwd") ? Int(try HostFile.size("/etc/passwd")) : secret.count

        var split = TarSplitFile()
        split.header(for: "hostile")
        split.file(member, size: size)
        split.padding(after: size)
        split.segment([UInt8](repeating: 0, count: 1024))
        let tarSplit = "\(outside.path)/tar-split.json.gz"
        try split.write(to: tarSplit)

        var sink = CollectingSink()
        do {
            try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: layerPath, into: &sink)
            Issue.record("replaying \(String(decoding: member, as: UTF8.self)) succeeded")
        } catch let error as LayerArchiveError {
            switch (error, refusal) {
            case (.unsafeMemberName(_, let root, _), .unsafeName),
                (.layerMemberNotRegularFile(_, let root, _), .notRegular):
                #expect(root == layerPath)
            default:
                Issue.record("unexpected error \(error)")
            }
            // The message names the member as it was written (lossy, escaped) and says nothing was followed.
            #expect("\(error)".contains(TarMemberName.display(member)))
        }
        let leakedSecret = sink.contains(secret)
        let leakedPasswd = sink.contains(Array("root:x:0:0".utf8))
        let written = sink.bytes.count
        #expect(!leakedSecret, "the file outside the layer reached the sink")
        #expect(!leakedPasswd, "/etc/passwd reached the sink")
        #expect(written == 512, "only the header before the refused member")
    }

    /// A layer made by hand with the awkward cases; the expected tar is the segments plus each file's content
    /// as the test wrote it.
    @Test func rebuildsAHandMadeLayerByteForByte() throws {
        let work = try TestDirectory()
        try work.makeDirectory("layer")
        let layer = "\(work.path)/layer"

        var split = TarSplitFile()
        func add(_ name: [UInt8], _ content: [UInt8]?) throws {
            split.header(for: String(decoding: name, as: UTF8.self))
            if let content {
                try work.write(content, to: Array("layer/".utf8) + name)
            }
            split.file(name, content: content)
            split.padding(after: content?.count ?? 0)
        }
        split.header(for: "./")
        split.file("./")

        try add(Array("hello.txt".utf8), Array("hello\n".utf8))
        // Not UTF-8: tar-split records it as name_raw.
        let latin1: [UInt8] = Array("caf".utf8) + [0xe9] + Array(".bin".utf8)
        try add(latin1, (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try add(Array("empty".utf8), [])
        // A path longer than tar's 100-byte name field.
        let deepDirectory = "deep/" + String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60)
        try work.makeDirectory("layer/\(deepDirectory)")
        split.header(for: "deep/")
        split.file("deep/")
        let deepName = Array("\(deepDirectory)/file-with-a-long-name.txt".utf8)
        #expect(deepName.count > 100)
        try add(deepName, Array(repeating: UInt8(ascii: "z"), count: 513))
        // A sparse file: 5 MiB with 4 KiB of data at 3 MiB; holes read as zeros, as Docker wrote them.
        let sparseData = (0..<4096).map { UInt8(truncatingIfNeeded: $0 ^ 0x5a) }
        try work.writeSparse("layer/sparse.img", size: 5 << 20, data: sparseData, at: 3 << 20)
        var sparseContent = [UInt8](repeating: 0, count: 5 << 20)
        sparseContent.replaceSubrange((3 << 20)..<((3 << 20) + 4096), with: sparseData)
        split.header(for: "sparse.img")
        split.file("sparse.img", content: sparseContent)
        split.padding(after: sparseContent.count)
        // Entries without content are never opened: a symlink, a hardlink, a whiteout that is absent on disk.
        try work.symlink("layer/to-hello", pointingTo: "hello.txt")
        for name in ["to-hello", "hello-again", ".wh.removed"] {
            split.header(for: name)
            split.file(name)
        }
        split.segment([UInt8](repeating: 0, count: 1024))
        let tarSplit = "\(work.path)/tar-split.json.gz"
        try split.write(to: tarSplit)

        var sink = CollectingSink()
        var reports: [UInt64] = []
        let total = try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: layer, into: &sink) {
            reports.append($0)
        }
        #expect(total == UInt64(split.expected.count))
        let produced = sink.bytes
        #expect(produced.count == split.expected.count)
        #expect(produced == split.expected, "first difference at \(Self.firstDifference(produced, split.expected))")
        #expect(total % 512 == 0)
        #expect(reports.last == total)
        #expect(reports == reports.sorted())
        #expect(try TarSplitSummary.measure(path: tarSplit).tarBytes == total)
    }

    /// GNU tar writes the layer; the tar-split made from that tar must replay to the very same bytes.
    @Test(arguments: ["gnu", "pax"])
    func rebuildsWhatGNUTarWrote(format: String) throws {
        let work = try TestDirectory()
        let layer = "\(work.path)/layer"
        let deep = "usr/" + String(repeating: "long-directory-name/", count: 8)
        try work.makeDirectory("layer/\(deep)")
        try work.makeDirectory("layer/etc")
        try work.write("root:x:0:0:root:/root:/bin/sh\n", to: "layer/etc/passwd")
        try work.write(Array(repeating: 0x41, count: 70_000), to: Array("layer/\(deep)big".utf8))
        try work.write([], to: Array("layer/etc/empty".utf8))
        try work.write(Array("latin".utf8), to: Array("layer/".utf8) + [0x6e, 0x61, 0xef, 0x76, 0x65])
        try work.writeSparse("layer/etc/sparse", size: 3_000_000, data: [1, 2, 3], at: 1_000_000)
        try work.symlink("layer/etc/link", pointingTo: "passwd")
        guard link("\(layer)/etc/passwd", "\(layer)/etc/hardlink") == 0 else {
            throw TestDirectory.Failure("link", errno)
        }

        let tarPath = "\(work.path)/layer.tar"
        // Fixed owner and mtime so the tar depends only on the files; no --sparse: Docker stores holes as zeros.
        try TarSplitFile.run(
            "/usr/bin/tar",
            [
                "--format=\(format)", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0",
                "-C", layer, "-cf", tarPath, ".",
            ])
        let tar = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tarPath)))
        let split = try TarToTarSplit.convert(tar)
        let tarSplit = "\(work.path)/tar-split.json.gz"
        try split.write(to: tarSplit)

        var sink = CollectingSink()
        let total = try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: layer, into: &sink)
        let produced = sink.bytes
        #expect(total == UInt64(tar.count))
        #expect(produced == tar, "first difference at \(Self.firstDifference(produced, tar))")
    }

    /// Real tar-splits from dockerd 20.10 replayed over the files they describe give the real diffIDs
    /// (Fixtures/README.md).
    @Test func realDockerLayersGiveTheirDiffIDs() throws {
        let work = try TestDirectory()
        // `RUN echo hi > /a && ln /a /b`: a holds "hi\n"; b is a hardlink entry, no content.
        try work.makeDirectory("hardlink")
        try work.write("hi\n", to: "hardlink/a")
        // `RUN rm /a`: only the whiteout .wh.a, which has no content, so an empty directory suffices.
        try work.makeDirectory("whiteout")
        for (fixture, directory, diffID) in [
            (
                "hardlink-layer.tar-split.json.gz", "hardlink",
                "sha256:ec6107f4e94aaedcd888ba10dfbf2adc6063884601910e9d587cb45c8fa095c8"
            ),
            (
                "whiteout-layer.tar-split.json.gz", "whiteout",
                "sha256:b0ea88fca65a7c29e51179e550a436834477be0afda684397f19a3f87f03306a"
            ),
        ] {
            var sink = SHA256Sink()
            let total = try TarSplitReplayer.replay(
                tarSplitPath: TarSplitSummaryTests.fixture(fixture), layerRoot: "\(work.path)/\(directory)", into: &sink
            )
            #expect(sink.finalize() == diffID, "\(fixture)")
            #expect(total == sink.count)
        }
    }

    /// The busybox base layer was `docker import`ed from a rootfs holding this machine's static /bin/busybox.
    @Test func realBusyboxBaseLayerGivesItsDiffID() throws {
        let work = try TestDirectory()
        try work.makeDirectory("layer/bin")
        let busybox = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/bin/busybox")))
        try #require(
            busybox.count == 1_982_256,
            "the fixture was made with a /bin/busybox of 1982256 bytes; this machine's is \(busybox.count)")
        try work.write(busybox, to: Array("layer/bin/busybox".utf8))
        var sink = SHA256Sink()
        try TarSplitReplayer.replay(
            tarSplitPath: TarSplitSummaryTests.fixture("busybox-base.tar-split.json.gz"),
            layerRoot: "\(work.path)/layer",
            into: &sink)
        #expect(sink.finalize() == "sha256:885f921800f5759d4b7eb8b8f52ad122f86aaecb694ebcedae8fd435dcfaf2bd")
        #expect(sink.count == 1_996_800)
    }

    @Test(arguments: [(5, 4), (5, 6), (5_000_000, 4_999_999), (3, 0)])
    func aFileOfAnotherSizeNamesBothSizes(recorded: Int, onDisk: Int) throws {
        let work = try TestDirectory()
        try work.makeDirectory("layer/etc")
        try work.write([UInt8](repeating: 7, count: onDisk), to: Array("layer/etc/hosts".utf8))
        var split = TarSplitFile()
        split.header(for: "etc/hosts")
        split.file("etc/hosts", size: recorded)
        let tarSplit = "\(work.path)/tar-split.json.gz"
        try split.write(to: tarSplit)
        var sink = CollectingSink()
        #expect {
            try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: "\(work.path)/layer", into: &sink)
        } throws: { error in
            guard case LayerArchiveError.layerFileChanged(let member, let root, let expected, let actual) = error else {
                return false
            }
            return member == "etc/hosts" && root == "\(work.path)/layer" && expected == UInt64(recorded)
                && actual == UInt64(onDisk) && "\(error)".contains("no longer matches")
        }
        let written = sink.bytes.count
        #expect(written == 512, "no content of a resized file is written")
    }

    @Test func aMissingFileNamesTheMemberAndTheLayerRoot() throws {
        let work = try TestDirectory()
        try work.makeDirectory("layer")
        var split = TarSplitFile()
        split.header(for: "bin/sh")
        split.file("bin/sh", size: 100)
        let tarSplit = "\(work.path)/tar-split.json.gz"
        try split.write(to: tarSplit)
        var sink = CollectingSink()
        #expect {
            try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: "\(work.path)/layer", into: &sink)
        } throws: { error in
            guard case LayerArchiveError.layerMemberMissing("bin/sh", "\(work.path)/layer") = error else {
                return false
            }
            return "\(error)".contains("bin/sh") && "\(error)".contains("\(work.path)/layer")
        }
    }

    /// A layer whose tar is empty (diffID sha256 of nothing) replays to 0 bytes, whether its tar-split is an
    /// empty gzip stream, an empty file, or an empty segment (what dockerd 20.10 writes for `docker import` of
    /// nothing: `{"type":2,"payload":""}`).
    @Test(arguments: ["empty-gzip", "empty-file", "empty-segments"])
    func anEmptyLayerReplaysToNothing(kind: String) throws {
        let work = try TestDirectory()
        try work.makeDirectory("layer")
        let tarSplit = "\(work.path)/tar-split.json.gz"
        switch kind {
        case "empty-gzip": try TarSplitFile().write(to: tarSplit)
        case "empty-file": try TarSplitFile().write(to: tarSplit, gzip: false)
        default:
            var split = TarSplitFile()
            split.segment([])
            split.file("./")
            try split.write(to: tarSplit)
        }
        var sink = SHA256Sink()
        var reports: [UInt64] = []
        let total = try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: "\(work.path)/layer", into: &sink) {
            reports.append($0)
        }
        #expect(total == 0)
        #expect(reports == [0])
        #expect(sink.finalize() == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func descriptorsAreNotLeaked() throws {
        let work = try TestDirectory()
        var split = TarSplitFile()
        for directory in 0..<20 {
            try work.makeDirectory("layer/d\(directory)/sub")
            for file in 0..<20 {
                let name = "d\(directory)/sub/f\(file)"
                try work.write("\(name)\n", to: "layer/\(name)")
                split.header(for: name)
                split.file(name, content: Array("\(name)\n".utf8))
                split.padding(after: name.utf8.count + 1)
            }
        }
        let tarSplit = "\(work.path)/tar-split.json.gz"
        try split.write(to: tarSplit)
        var sink = CollectingSink()
        try TarSplitReplayer.replay(tarSplitPath: tarSplit, layerRoot: "\(work.path)/layer", into: &sink)
        let same = sink.bytes == split.expected
        #expect(same)
        // Other suites open descriptors in parallel, so count only those that point into this test's directory.
        let stillOpen = try Self.descriptorsOpen(under: work.path)
        #expect(stillOpen.isEmpty, "descriptors left open: \(stillOpen)")
    }

    /// The process's open descriptors whose target lies under `directory` (from /proc/self/fd).
    static func descriptorsOpen(under directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { fd in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)") else {
                return nil
            }
            return target.hasPrefix(directory) ? "\(fd) -> \(target)" : nil
        }
    }

    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    }

    @Test func sinkErrorsPassThrough() throws {
        struct Full: Error {}
        struct FullSink: LayerByteSink {
            mutating func write(_ bytes: UnsafeRawBufferPointer) throws { throw Full() }
        }
        var split = TarSplitFile()
        split.header(for: "x")
        let work = try TestDirectory()
        try split.write(to: "\(work.path)/ts.gz")
        var sink = FullSink()
        #expect(throws: Full.self) {
            try TarSplitReplayer.replay(tarSplitPath: "\(work.path)/ts.gz", layerRoot: work.path, into: &sink)
        }
    }
}

/// Just the size of a path, for crafting tar-splits that point at host files.
enum HostFile {
    static func size(_ path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw TestDirectory.Failure("stat \(path)", errno) }
        return Int64(info.st_size)
    }
}
