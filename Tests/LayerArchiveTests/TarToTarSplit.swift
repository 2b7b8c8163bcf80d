import Foundation

/// Turns a real tar (from GNU tar) into the tar-split Docker would record for it, so a replay can be compared
/// with the tar itself. Like tar-split's packer: everything but member content goes into raw segments
/// (headers, GNU long-name and PAX records, padding, the end marker); each header yields one file entry whose
/// name is the resolved full name and whose size is the content length.
enum TarToTarSplit {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func convert(_ tar: [UInt8]) throws -> TarSplitFile {
        var split = TarSplitFile()
        var raw: [UInt8] = []
        var offset = 0
        var longName: [UInt8]?
        var paxPath: [UInt8]?
        while offset + 512 <= tar.count {
            let header = tar[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }
            let size = try Self.size(header)
            let type = header[header.startIndex + 156]
            let dataStart = offset + 512
            let padded = (size + 511) / 512 * 512
            guard dataStart + padded <= tar.count else {
                throw Malformed(description: "member at \(offset) runs past the end")
            }
            let data = Array(tar[dataStart..<(dataStart + size)])
            switch type {
            case UInt8(ascii: "L"):  // GNU long name for the next header
                longName = Array(data.prefix { $0 != 0 })
                raw += tar[offset..<(dataStart + padded)]
            case UInt8(ascii: "K"), UInt8(ascii: "g"):  // long link target, global PAX: metadata only
                raw += tar[offset..<(dataStart + padded)]
            case UInt8(ascii: "x"):
                paxPath = Self.paxValue("path", in: data)
                raw += tar[offset..<(dataStart + padded)]
            default:
                raw += header
                split.segment(raw)
                raw = []
                let name = paxPath ?? longName ?? Self.ustarName(header)
                let isContent = type == UInt8(ascii: "0") || type == 0 || type == UInt8(ascii: "7")
                split.file(name, content: isContent ? data : nil)
                raw += tar[(dataStart + size)..<(dataStart + padded)]
                longName = nil
                paxPath = nil
            }
            offset = dataStart + padded
        }
        raw += tar[offset...]
        if !raw.isEmpty { split.segment(raw) }
        return split
    }

    private static func field(_ header: ArraySlice<UInt8>, _ range: Range<Int>) -> ArraySlice<UInt8> {
        let slice = header[(header.startIndex + range.lowerBound)..<(header.startIndex + range.upperBound)]
        return slice.prefix { $0 != 0 }
    }

    private static func size(_ header: ArraySlice<UInt8>) throws -> Int {
        let bytes = header[(header.startIndex + 124)..<(header.startIndex + 136)]
        if let first = bytes.first, first & 0x80 != 0 {  // GNU base-256
            return bytes.dropFirst().reduce(Int(first & 0x7f)) { ($0 << 8) | Int($1) }
        }
        let digits = String(decoding: bytes.prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
        guard let value = Int(digits.isEmpty ? "0" : digits, radix: 8) else {
            throw Malformed(description: "size field \(digits) is not octal")
        }
        return value
    }

    private static func ustarName(_ header: ArraySlice<UInt8>) -> [UInt8] {
        let name = Array(field(header, 0..<100))
        // POSIX ustar ("ustar\0") has a prefix field; GNU's "ustar  " uses those bytes for other things.
        let magic = Array(header[(header.startIndex + 257)..<(header.startIndex + 263)])
        let prefix = Array(field(header, 345..<500))
        if magic == Array("ustar\0".utf8), !prefix.isEmpty { return prefix + [UInt8(ascii: "/")] + name }
        return name
    }

    /// The value of `key` in PAX records (`<length> <key>=<value>\n`).
    private static func paxValue(_ key: String, in data: [UInt8]) -> [UInt8]? {
        var rest = data[...]
        while let space = rest.firstIndex(of: UInt8(ascii: " ")),
            let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)), length > 0,
            rest.count >= length
        {
            let record = rest[(space + 1)..<(rest.startIndex + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")),
                record[record.startIndex..<equals].elementsEqual(key.utf8)
            {
                return Array(record[(equals + 1)...])
            }
            rest = rest.dropFirst(length)
        }
        return nil
    }
}
