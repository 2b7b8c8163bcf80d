import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A SAX reader of thin_dump's XML: memory grows with the mappings (merged into ranges), not with the file.
final class ThinDumpParser: NSObject, XMLParserDelegate {
    private let source: String
    private var superblock: ThinSuperblock?
    private var devices: [Int: ThinDeviceMap] = [:]
    /// The open `<device>` (id, mapped_blocks); its ranges are kept apart so appending never copies them.
    private var current: (id: Int, mappedBlocks: UInt64)?
    private var ranges: [BlockRange] = []
    private var failure: PoolFilesError?
    /// libxml2 accepts a document that just stops; a dump cut short must not pass for a pool with fewer mappings.
    private var complete = false

    private init(source: String) {
        self.source = source
    }

    /// Parses the XML file at `path`, streamed from disk.
    static func parse(file path: String) throws -> ThinPoolMap {
        guard let stream = InputStream(fileAtPath: path) else {
            throw PoolFilesError.dumpUnreadable(path: path, line: 0, reason: "the file cannot be opened")
        }
        return try parse(XMLParser(stream: stream), source: path)
    }

    static func parse(data: Data, source: String) throws -> ThinPoolMap {
        try parse(XMLParser(data: data), source: source)
    }

    private static func parse(_ parser: XMLParser, source: String) throws -> ThinPoolMap {
        let reader = ThinDumpParser(source: source)
        parser.delegate = reader
        let finished = parser.parse()
        if let failure = reader.failure { throw failure }
        guard finished else {
            let reason = parser.parserError.map { "\($0)" } ?? "malformed XML"
            throw PoolFilesError.dumpUnreadable(path: source, line: parser.lineNumber, reason: reason)
        }
        guard let superblock = reader.superblock else {
            throw PoolFilesError.dumpUnreadable(path: source, line: 0, reason: "no <superblock> element")
        }
        guard reader.complete else {
            throw PoolFilesError.dumpUnreadable(
                path: source, line: parser.lineNumber,
                reason: "the XML ends before </superblock>: the dump is incomplete")
        }
        return ThinPoolMap(superblock: superblock, devices: reader.devices)
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        do {
            try start(elementName, attributes, parser)
        } catch let error as PoolFilesError {
            fail(error, parser)
        } catch {
            fail(.dumpUnreadable(path: source, line: parser.lineNumber, reason: "\(error)"), parser)
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        if elementName == "superblock" { complete = true }
        guard elementName == "device", let current else { return }
        devices[current.id] = ThinDeviceMap(deviceID: current.id, mappedBlocks: current.mappedBlocks, ranges: ranges)
        self.current = nil
        ranges = []
    }

    private func start(_ element: String, _ attributes: [String: String], _ parser: XMLParser) throws {
        func number(_ name: String) throws -> UInt64 {
            guard let text = attributes[name], let value = UInt64(text) else {
                throw PoolFilesError.dumpUnreadable(
                    path: source, line: parser.lineNumber,
                    reason: "<\(element)> has no numeric \(name) (found \(attributes[name] ?? "nothing"))")
            }
            return value
        }
        switch element {
        case "superblock":
            let sectors = try number("data_block_size")
            guard sectors > 0 else {
                throw PoolFilesError.dumpUnreadable(
                    path: source, line: parser.lineNumber, reason: "data_block_size is 0")
            }
            superblock = ThinSuperblock(
                transaction: try number("transaction"), dataBlockSizeSectors: sectors,
                dataBlockCount: try number("nr_data_blocks"))
        case "device":
            guard let id = Int(exactly: try number("dev_id")) else {
                throw PoolFilesError.dumpUnreadable(path: source, line: parser.lineNumber, reason: "dev_id too large")
            }
            current = (id, try number("mapped_blocks"))
            ranges = []
        case "single_mapping":
            try add(BlockRange(originBegin: number("origin_block"), dataBegin: number("data_block"), length: 1), parser)
        case "range_mapping":
            try add(
                BlockRange(
                    originBegin: number("origin_begin"), dataBegin: number("data_begin"), length: number("length")),
                parser)
        default:
            break
        }
    }

    private func add(_ range: BlockRange, _ parser: XMLParser) throws {
        guard current != nil else {
            throw PoolFilesError.dumpUnreadable(
                path: source, line: parser.lineNumber, reason: "a mapping outside any <device>")
        }
        // thin_dump lists a device's blocks in order; merging neighbours keeps memory at one entry per run.
        if let last = ranges.last, last.isContinued(by: range) {
            ranges[ranges.count - 1] = BlockRange(
                originBegin: last.originBegin, dataBegin: last.dataBegin, length: last.length + range.length)
        } else {
            ranges.append(range)
        }
    }

    private func fail(_ error: PoolFilesError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }
}
