/// A strict JSON reader (RFC 8259, as Go's encoding/json reads daemon.json) that says where a document
/// breaks and where each top-level key is.
///
/// JSONSerialization is still what decodes the values; it cannot do these two things: it accepts a trailing
/// comma that dockerd rejects, and it places errors only as "around character N".
struct JSONStructureScanner {
    struct Key: Sendable, Equatable {
        var name: String
        var line: Int
        var column: Int
        /// Byte offsets: the key's opening quote, just after its closing quote, and the value's bounds.
        var keyStart = 0
        var keyEnd = 0
        var valueStart = 0
        var valueEnd = 0
    }

    /// Where the top-level object and its members lie in the bytes, so that an editor can rewrite one
    /// member and keep every other byte.
    struct ObjectLayout: Sendable, Equatable {
        /// The offsets of the object's `{` and `}`.
        var open: Int
        var close: Int
        var members: [Key]
    }

    struct Failure: Error, Sendable, Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    enum TopLevel: Sendable, Equatable {
        /// Only whitespace (dockerd takes an empty daemon.json as no configuration).
        case empty
        case object(keys: [Key])
        /// Valid JSON, but not an object.
        case other
    }

    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// Scans a whole document; a leading UTF-8 byte order mark is skipped, as dockerd does.
    static func scan(_ bytes: [UInt8]) throws(Failure) -> TopLevel {
        try scanWithLayout(bytes).topLevel
    }

    /// The top-level object's layout; nil for an empty document or one whose top level is not an object.
    static func layout(_ bytes: [UInt8]) throws(Failure) -> ObjectLayout? {
        try scanWithLayout(bytes).layout
    }

    private static func scanWithLayout(_ bytes: [UInt8]) throws(Failure) -> (topLevel: TopLevel, layout: ObjectLayout?)
    {
        var scanner = JSONStructureScanner(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            scanner.index = 3
            scanner.lineStart = 3
        }
        scanner.skipWhitespace()
        if scanner.atEnd { return (.empty, nil) }
        let result: TopLevel
        var layout: ObjectLayout?
        if scanner.bytes[scanner.index] == UInt8(ascii: "{") {
            let open = scanner.index
            var keys: [Key] = []
            try scanner.parseObject(depth: 1, keys: &keys)
            result = .object(keys: keys)
            layout = ObjectLayout(open: open, close: scanner.index - 1, members: keys)
        } else {
            try scanner.parseValue(depth: 0)
            result = .other
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.failure("unexpected text after the end of the JSON document") }
        return (result, layout)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var atEnd: Bool { index >= bytes.count }

    /// 1-based column in characters (UTF-8 continuation bytes do not count).
    private var column: Int {
        bytes[lineStart..<min(index, bytes.count)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, line: line, column: column)
    }

    private func describeCurrent() -> String {
        guard !atEnd else { return "the end of the file" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while !atEnd {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) {
        skipWhitespace()
        guard !atEnd else { throw failure("unexpected end of file where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var ignored: [Key] = []
            try parseObject(depth: depth + 1, keys: &ignored, recordKeys: false)
        case UInt8(ascii: "["): try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try parseString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true")
        case UInt8(ascii: "f"): try parseLiteral("false")
        case UInt8(ascii: "n"): try parseLiteral("null")
        default: throw failure("unexpected \(describeCurrent()) where a value was expected")
        }
    }

    private mutating func parseObject(depth: Int, keys: inout [Key], recordKeys: Bool = true) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) levels deep") }
        index += 1
        skipWhitespace()
        if !atEnd && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard !atEnd, bytes[index] == UInt8(ascii: "\"") else {
                if !atEnd && bytes[index] == UInt8(ascii: "}") { throw failure("trailing comma before '}'") }
                throw failure("unexpected \(describeCurrent()) where a quoted key was expected")
            }
            let keyLine = line
            let keyColumn = column
            let keyStart = index
            let name = try parseString()
            let keyEnd = index
            skipWhitespace()
            guard !atEnd, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after the key \"\(name)\", found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            let valueStart = index
            try parseValue(depth: depth)
            if recordKeys {
                keys.append(
                    Key(
                        name: name, line: keyLine, column: keyColumn, keyStart: keyStart, keyEnd: keyEnd,
                        valueStart: valueStart, valueEnd: index))
            }
            skipWhitespace()
            guard !atEnd else { throw failure("unexpected end of file: the object is not closed with '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            throw failure("expected ',' or '}' after the value of \"\(name)\", found \(describeCurrent())")
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) levels deep") }
        index += 1
        skipWhitespace()
        if !atEnd && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            if !atEnd && bytes[index] == UInt8(ascii: "]") { throw failure("trailing comma before ']'") }
            try parseValue(depth: depth)
            skipWhitespace()
            guard !atEnd else { throw failure("unexpected end of file: the array is not closed with ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            throw failure("expected ',' or ']' in an array, found \(describeCurrent())")
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard !atEnd else { throw failure("unexpected end of file inside a string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw failure("a raw control character inside a string (write a tab as \\t, a newline as \\n)")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(Failure) {
        guard !atEnd else { throw failure("unexpected end of file inside a string") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[bytes[index]] {
            utf8.append(replacement)
            index += 1
            return
        }
        guard bytes[index] == UInt8(ascii: "u") else {
            throw failure("invalid escape \\\(describeCurrent()) in a string")
        }
        index += 1
        var code = try parseHex4()
        if (0xD800..<0xDC00).contains(code), bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
            index += 2
            let low = try parseHex4()
            if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
        }
        // Lone surrogates become U+FFFD, as Go does.
        utf8.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw failure("invalid \\u escape: four hexadecimal digits expected") }
        index += 4
        return value
    }

    private mutating func parseNumber() throws(Failure) {
        func digits() -> Int {
            let start = index
            while !atEnd && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard !atEnd else { throw failure("unexpected end of file inside a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw failure("invalid number: a digit expected, found \(describeCurrent())")
        }
        if !atEnd && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("invalid number: digits expected after '.'") }
        }
        if !atEnd && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if !atEnd && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { throw failure("invalid number: digits expected in the exponent") }
        }
    }

    private mutating func parseLiteral(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else {
            throw failure("unexpected \(describeCurrent()) where a value was expected (\(word)?)")
        }
        index += expected.count
    }
}
