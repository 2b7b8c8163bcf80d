import Foundation
import Testing

@testable import LayerArchive

#if canImport(Glibc)
    import Glibc
#endif

/// How fast a replay runs on a layer shaped like a real one: one big file and thousands of small ones.
/// LAYERARCHIVE_THROUGHPUT_MB sets the big file's size (default 64; the figures in the report used 480).
@Suite struct TarSplitReplayerThroughputTests {
    /// Counts bytes and touches one byte per chunk, so the replay cannot be optimised into nothing.
    struct CountingSink: LayerByteSink {
        var bytes: UInt64 = 0
        var touched: UInt8 = 0
        mutating func write(_ chunk: UnsafeRawBufferPointer) throws {
            bytes += UInt64(chunk.count)
            touched ^= chunk.last ?? 0
        }
    }

    @Test func replaysABigAndManySmallFilesWithFlatMemory() throws {
        let bigMegabytes = Int(ProcessInfo.processInfo.environment["LAYERARCHIVE_THROUGHPUT_MB"] ?? "") ?? 64
        let work = try TestDirectory("throughput")
        try work.makeDirectory("layer/usr/lib")
        var split = TarSplitFile()

        // The big file, written 1 MiB at a time.
        let chunk = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let bigPath = "\(work.path)/layer/usr/lib/big.so"
        let descriptor = open(bigPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0)
        for _ in 0..<bigMegabytes {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            try #require(written == chunk.count)
        }
        close(descriptor)
        let bigSize = bigMegabytes << 20
        split.header(for: "usr/lib/big.so")
        split.file("usr/lib/big.so", size: bigSize)
        split.padding(after: bigSize)

        // 5000 small files of 100 B to 16 KiB in 50 directories.
        var smallBytes = 0
        for directory in 0..<50 {
            try work.makeDirectory("layer/usr/share/d\(directory)")
            split.header(for: "usr/share/d\(directory)/")
            split.file("usr/share/d\(directory)/")
            for file in 0..<100 {
                let name = "usr/share/d\(directory)/file-\(file).txt"
                let size = 100 + (directory * 100 + file) * 331 % 16_284
                try work.write(Array(chunk.prefix(size)), to: Array("layer/\(name)".utf8))
                split.header(for: name)
                split.file(name, size: size)
                split.padding(after: size)
                smallBytes += size
            }
        }
        split.segment([UInt8](repeating: 0, count: 1024))
        let tarSplit = "\(work.path)/tar-split.json.gz"
        try split.write(to: tarSplit)
        let expectedTotal = try TarSplitSummary.measure(path: tarSplit).tarBytes

        let residentBefore = Self.residentKilobytes()
        var sink = CountingSink()
        var reports = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let total = try TarSplitReplayer.replay(
                tarSplitPath: tarSplit, layerRoot: "\(work.path)/layer", into: &sink
            ) {
                _ in reports += 1
            }
            #expect(total == expectedTotal)
        }
        let residentGrowth = Self.residentKilobytes() - residentBefore
        // The share of the time spent decoding the tar-split alone (JSON and base64), without any file I/O.
        let parsing = try clock.measure { _ = try TarSplitSummary.measure(path: tarSplit) }
        func inSeconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let seconds = inSeconds(elapsed)
        let megabytes = Double(expectedTotal) / 1_048_576
        print(
            "replay: \(String(format: "%.1f", megabytes)) MiB (\(bigMegabytes) MiB file + 5000 files, "
                + "\(smallBytes / 1024) KiB) in \(String(format: "%.3f", seconds)) s = "
                + "\(String(format: "%.0f", megabytes / seconds)) MiB/s (decoding the tar-split alone: "
                + "\(String(format: "%.3f", inSeconds(parsing))) s); resident memory grew \(residentGrowth) KiB")
        #expect(sink.bytes == expectedTotal)
        #expect(reports >= Int(expectedTotal / TarSplitReplayer.progressInterval))
        // One 1 MiB buffer and one tar-split line: memory must not follow the layer's size.
        #expect(residentGrowth < 48 * 1024, "resident memory grew \(residentGrowth) KiB during the replay")
    }

    /// VmRSS from /proc/self/status, in KiB.
    static func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
