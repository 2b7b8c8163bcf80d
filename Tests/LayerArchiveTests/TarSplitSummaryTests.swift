import Foundation
import Testing

@testable import LayerArchive

/// Real tar-split files from dockerd 20.10, with the layer.tar sizes `docker save` produced for them.
@Suite struct TarSplitSummaryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test(arguments: [
        ("busybox-base.tar-split.json.gz", UInt64(1_996_800)),
        ("hardlink-layer.tar-split.json.gz", UInt64(2560)),
        ("whiteout-layer.tar-split.json.gz", UInt64(1536)),
    ])
    func exactTarSizeMatchesDockerSave(file: String, expected: UInt64) throws {
        let summary = try TarSplitSummary.measure(path: Self.fixture(file))
        #expect(summary.tarBytes == expected)
        #expect(summary.tarBytes % 512 == 0)
    }

    @Test func readsFileEntriesWithNamesSizesAndChecksums() throws {
        let reader = try TarSplitReader(path: Self.fixture("hardlink-layer.tar-split.json.gz"))
        var files: [(String, UInt64, Int)] = []
        var segments = 0
        while let entry = try reader.next() {
            switch entry {
            case .segment: segments += 1
            case .file(let name, let size, let crc):
                files.append((String(decoding: name, as: UTF8.self), size, crc?.count ?? 0))
            }
        }
        // `RUN echo hi > /a && ln /a /b`: the file a (3 bytes, with an 8-byte CRC64) and the hardlink b (no content).
        #expect(files.map(\.0) == ["a", "b"])
        #expect(files.map(\.1) == [3, 0])
        #expect(files[0].2 == 8)
        #expect(segments >= 2)
    }

    @Test func truncatedFileIsAnErrorNamingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tarsplit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try Data(contentsOf: Self.fixtures.appendingPathComponent("busybox-base.tar-split.json.gz"))
        let truncated = directory.appendingPathComponent("tar-split.json.gz")
        try whole.prefix(whole.count / 2).write(to: truncated)
        #expect {
            try TarSplitSummary.measure(path: truncated.path)
        } throws: { error in
            "\(error)".contains(truncated.path)
        }
    }

    @Test func entryThatIsNotJSONIsReportedWithItsLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tarsplit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("tar-split.json")
        // libarchive's raw reader also takes an uncompressed stream, so a plain file exercises the JSON checks.
        try Data("{\"type\":2,\"payload\":\"AAAA\"}\nnot json\n".utf8).write(to: plain)
        #expect {
            try TarSplitSummary.measure(path: plain.path)
        } throws: { error in
            guard case LayerArchiveError.corruptTarSplit(_, let line, _) = error else { return false }
            return line == 2
        }
    }

    @Test func missingFileSaysSo() {
        #expect(throws: LayerArchiveError.self) {
            try TarSplitSummary.measure(path: "/nonexistent/tar-split.json.gz")
        }
    }
}
