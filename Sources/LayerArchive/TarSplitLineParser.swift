/// A fast reader for the one shape of JSON line tar-split writes (`{"type":1,"name":"etc/","size":3,
/// "payload":"...","position":4}`: flat, strings and integers only). A layer of small files has one line per file,
/// and a general JSON decoder costs more than the rest of the replay; anything this parser does not expect makes
/// it return nil, and the caller falls back to the full decoder, which also produces the error messages.
struct TarSplitLineParser {
    struct Fields {
        var type: Int?
        /// The `name` string's UTF-8 bytes, JSON escapes resolved.
        var name: [UInt8]?
        var nameRaw: String?
        var size: Int64?
        var payload: String?
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    static func parse(_ line: ArraySlice<UInt8>) -> Fields? {
        var parser = TarSplitLineParser(bytes: line, index: line.startIndex)
        return parser.object()
    }

    private init(bytes: ArraySlice<UInt8>, index: Int) {
        self.bytes = bytes
        self.index = index
    }

    private mutating func object() -> Fields? {
        skipSpaces()
        guard take(UInt8(ascii: "{")) else { return nil }
        var fields = Fields()
        skipSpaces()
        if take(UInt8(ascii: "}")) { return fields }
        while true {
            skipSpaces()
            guard let key = string() else { return nil }
            skipSpaces()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpaces()
            switch key {
            case Array("type".utf8): guard let value = integer() else { return nil }; fields.type = Int(value)
            case Array("size".utf8): guard let value = integer() else { return nil }; fields.size = value
            case Array("name".utf8): guard let value = stringOrNull() else { return nil }; fields.name = value
            case Array("name_raw".utf8):
                guard let value = stringOrNull() else { return nil }
                fields.nameRaw = value.map { String(decoding: $0, as: UTF8.self) }
            case Array("payload".utf8):
                guard let value = stringOrNull() else { return nil }
                fields.payload = value.map { String(decoding: $0, as: UTF8.self) }
            default:
                // position, or a field a newer tar-split adds: a scalar to skip.
                guard skipScalar() else { return nil }
            }
            skipSpaces()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            skipSpaces()
            return index == bytes.endIndex ? fields : nil
        }
    }

    /// A string, or JSON null (nil inside the optional).
    private mutating func stringOrNull() -> [UInt8]?? {
        if literal("null") { return .some(nil) }
        guard let value = string() else { return nil }
        return .some(value)
    }

    private mutating func string() -> [UInt8]? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return out
            case UInt8(ascii: "\\"):
                guard index < bytes.endIndex else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                out.append(byte)
            }
        }
        return nil
    }

    /// `\uXXXX`, joining a surrogate pair into one scalar.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low)
            else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.endIndex - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func integer() -> Int64? {
        let negative = take(UInt8(ascii: "-"))
        var value: Int64 = 0
        var digits = 0
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = multiplied.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else { return nil }
            value = added
            index += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        // A fraction or exponent is not what tar-split writes: let the full decoder judge it.
        if index < bytes.endIndex, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            return nil
        }
        return negative ? -value : value
    }

    private mutating func skipScalar() -> Bool {
        if literal("null") || literal("true") || literal("false") { return true }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") { return string() != nil }
        return integer() != nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.endIndex - index >= count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        if matches { index += count }
        return matches
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpaces() {
        while index < bytes.endIndex, [0x20, 0x09, 0x0d].contains(bytes[index]) { index += 1 }
    }
}
