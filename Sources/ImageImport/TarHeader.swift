/// The header blocks of one member of a POSIX tar stream, as `docker load` (Go's archive/tar) and libarchive read
/// them: a ustar header, preceded by a pax extended header when the name or the size does not fit ustar's fields
/// (names over 100 bytes, files of 8 GiB and more; layer tars can be that big).
struct TarHeader: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case regularFile
        case directory
    }

    static let blockSize = 512
    /// ustar's 11 octal digits hold at most 8 GiB - 1.
    static let largestUstarSize: UInt64 = 0o77777777777

    var name: String
    var size: UInt64
    var mode: UInt32
    var modificationTime: Int64
    var kind: Kind

    /// The header's bytes: one block, or three and more with the pax header and its records.
    func encoded() -> [UInt8] {
        var records: [(String, String)] = []
        let nameBytes = Array(name.utf8)
        if nameBytes.count > 100 { records.append(("path", name)) }
        if size > Self.largestUstarSize { records.append(("size", String(size))) }
        var bytes: [UInt8] = []
        if !records.isEmpty {
            let data = Self.paxRecords(records)
            let paxName = "PaxHeaders/" + String(decoding: nameBytes.suffix(80), as: UTF8.self)
            bytes += Self.ustarBlock(
                name: Array(paxName.utf8.prefix(100)), size: UInt64(data.count), mode: 0o644,
                modificationTime: modificationTime, typeFlag: UInt8(ascii: "x"))
            bytes += data
            bytes += [UInt8](repeating: 0, count: Self.padding(for: UInt64(data.count)))
        }
        bytes += Self.ustarBlock(
            name: Array(nameBytes.prefix(100)), size: size > Self.largestUstarSize ? 0 : size, mode: mode,
            modificationTime: modificationTime,
            typeFlag: kind == .directory ? UInt8(ascii: "5") : UInt8(ascii: "0"))
        return bytes
    }

    /// Zero bytes after `size` bytes of content, up to the next block.
    static func padding(for size: UInt64) -> Int {
        let remainder = Int(size % UInt64(blockSize))
        return remainder == 0 ? 0 : blockSize - remainder
    }

    /// The stream bytes one member takes: header blocks, content, padding.
    var streamLength: UInt64 {
        UInt64(encoded().count) + size + UInt64(Self.padding(for: size))
    }

    /// `"<length> key=value\n"`, where the length counts the whole record including its own digits.
    static func paxRecords(_ records: [(String, String)]) -> [UInt8] {
        var data: [UInt8] = []
        for (key, value) in records {
            let body = " \(key)=\(value)\n".utf8.count
            var length = body + 1
            while String(length).utf8.count + body != length { length = String(length).utf8.count + body }
            data += Array("\(length) \(key)=\(value)\n".utf8)
        }
        return data
    }

    static func ustarBlock(name: [UInt8], size: UInt64, mode: UInt32, modificationTime: Int64, typeFlag: UInt8)
        -> [UInt8]
    {
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (index, byte) in bytes.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            // width - 1 digits and a NUL, zero-padded, as GNU tar and Go write them.
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(UInt64(mode & 0o7777), width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(UInt64(max(0, modificationTime)), width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        block[156] = typeFlag
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("root".utf8), at: 265)
        put(Array("root".utf8), at: 297)
        put(octal(0, width: 8), at: 329)
        put(octal(0, width: 8), at: 337)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(UInt64(checksum), width: 7) + [UInt8(ascii: " ")], at: 148)
        return block
    }
}
