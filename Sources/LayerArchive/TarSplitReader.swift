import Foundation

/// Reads the entries of a `tar-split.json.gz` one at a time (one JSON object a line, gzip-compressed),
/// never holding more than one line in memory.
public final class TarSplitReader {
    public let path: String
    private let source: CompressedFileReader
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    private var atEnd = false
    private var lineNumber = 0
    /// One decoder for all lines: creating one per line cost more than the decoding on layers of small files.
    private let decoder = JSONDecoder()

    public init(path: String) throws {
        self.path = path
        self.source = try CompressedFileReader(path: path)
    }

    /// The next entry, or nil at the end.
    public func next() throws -> TarSplitEntry? {
        while true {
            guard let line = try nextLine() else { return nil }
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            return try decode(line)
        }
    }

    private struct RawEntry: Decodable {
        let type: Int
        let name: String?
        let name_raw: String?
        let size: Int64?
        let payload: String?
    }

    /// The fields of one line: by the fast parser, or by JSONDecoder when the line is anything unusual.
    private func fields(of line: ArraySlice<UInt8>) throws -> TarSplitLineParser.Fields {
        if let fields = TarSplitLineParser.parse(line), fields.type != nil { return fields }
        do {
            let raw = try decoder.decode(RawEntry.self, from: Data(line))
            return TarSplitLineParser.Fields(
                type: raw.type, name: raw.name.map { Array($0.utf8) }, nameRaw: raw.name_raw, size: raw.size,
                payload: raw.payload)
        } catch {
            throw LayerArchiveError.corruptTarSplit(path: path, line: lineNumber, reason: "not a JSON entry (\(error))")
        }
    }

    private func decode(_ line: ArraySlice<UInt8>) throws -> TarSplitEntry {
        let raw = try fields(of: line)
        switch raw.type ?? -1 {
        case 2:
            guard let payload = raw.payload.flatMap({ Data(base64Encoded: $0) }) else {
                throw LayerArchiveError.corruptTarSplit(
                    path: path, line: lineNumber, reason: "segment without a base64 payload")
            }
            return .segment([UInt8](payload))
        case 1:
            // tar-split omits a zero size (Go's omitempty): hardlinks, directories, empty files.
            let size = raw.size ?? 0
            guard size >= 0 else {
                throw LayerArchiveError.corruptTarSplit(
                    path: path, line: lineNumber, reason: "negative file size \(size)")
            }
            let name: [UInt8]
            if let nameRaw = raw.nameRaw {
                guard let bytes = Data(base64Encoded: nameRaw) else {
                    throw LayerArchiveError.corruptTarSplit(
                        path: path, line: lineNumber, reason: "name_raw is not base64")
                }
                name = [UInt8](bytes)
            } else if let bytes = raw.name {
                name = bytes
            } else {
                throw LayerArchiveError.corruptTarSplit(
                    path: path, line: lineNumber, reason: "file entry without a name")
            }
            let crc = raw.payload.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
            return .file(name: name, size: UInt64(size), crc64: crc)
        default:
            throw LayerArchiveError.corruptTarSplit(
                path: path, line: lineNumber, reason: "unknown entry type \(raw.type ?? -1)")
        }
    }

    private func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = pending[pendingStart...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pendingStart..<newline]
                pendingStart = newline + 1
                return line
            }
            if atEnd {
                guard pendingStart < pending.count else { return nil }
                let line = pending[pendingStart...]
                pendingStart = pending.count
                return line
            }
            // Drop consumed bytes before growing the buffer, so it holds at most one line plus one chunk.
            if pendingStart > 0 {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { atEnd = true } else { pending.append(contentsOf: chunk[0..<count]) }
        }
    }
}
