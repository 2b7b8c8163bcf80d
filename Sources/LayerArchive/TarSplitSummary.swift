/// What a tar-split says about its layer without reading any layer content: the exact tar size.
public struct TarSplitSummary: Sendable, Hashable {
    /// The exact size in bytes of the layer tar that replaying the tar-split produces.
    public let tarBytes: UInt64
    public let fileEntries: Int
    /// Bytes of file content (the part read from the layer's files).
    public let contentBytes: UInt64

    /// Reads the whole tar-split once. A tar is made of 512-byte blocks; any other total means a damaged file.
    public static func measure(path: String) throws -> TarSplitSummary {
        let reader = try TarSplitReader(path: path)
        var segmentBytes: UInt64 = 0
        var contentBytes: UInt64 = 0
        var files = 0
        while let entry = try reader.next() {
            switch entry {
            case .segment(let bytes): segmentBytes += UInt64(bytes.count)
            case .file(_, let size, _):
                contentBytes += size
                files += 1
            }
        }
        let total = segmentBytes + contentBytes
        guard total % 512 == 0 else {
            throw LayerArchiveError.corruptTarSplit(
                path: path, line: files,
                reason: "it describes \(total) bytes, not a whole number of 512-byte tar blocks (truncated?)")
        }
        return TarSplitSummary(tarBytes: total, fileEntries: files, contentBytes: contentBytes)
    }
}
