@testable import LayerArchive

/// Keeps every byte written, for comparing a replay with the bytes a test expects.
struct CollectingSink: LayerByteSink {
    var bytes: [UInt8] = []
    var writes = 0

    mutating func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: chunk)
        writes += 1
    }

    /// Whether `needle` occurs anywhere in what was written (for "the secret never reached the sink").
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= bytes.count else { return needle.isEmpty }
        return (0...(bytes.count - needle.count)).contains { start in
            bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
