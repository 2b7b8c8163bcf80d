/// Turns the bytes a terminal sends into keys: plain characters (UTF-8), control keys, and the escape sequences
/// of arrows and paging keys in both their CSI (`ESC [ A`) and SS3 (`ESC O A`) forms.
public enum KeyDecoder {
    /// Decodes `bytes`; an escape sequence or a UTF-8 character cut short at the end is returned as `rest`, to be
    /// completed by the next read. With `final`, a lone trailing ESC is the Escape key (no more bytes came).
    public static func decode(_ bytes: [UInt8], final: Bool = false) -> (keys: [Key], rest: [UInt8]) {
        var keys: [Key] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                guard index + 1 < bytes.count else {
                    if final {
                        keys.append(.escape)
                        return (keys, [])
                    }
                    return (keys, Array(bytes[index...]))
                }
                let next = bytes[index + 1]
                guard next == UInt8(ascii: "[") || next == UInt8(ascii: "O") else {
                    keys.append(.escape)
                    index += 1
                    continue
                }
                // Parameters and intermediates up to a final byte in 0x40...0x7E.
                var end = index + 2
                while end < bytes.count && !(0x40...0x7E).contains(bytes[end]) { end += 1 }
                guard end < bytes.count else {
                    if final {
                        keys.append(.ignored)
                        return (keys, [])
                    }
                    return (keys, Array(bytes[index...]))
                }
                keys.append(sequence(parameters: Array(bytes[(index + 2)..<end]), final: bytes[end]))
                index = end + 1
            case 0x0D, 0x0A:
                keys.append(.enter)
                // A terminal that sends CR LF for Enter is one key press.
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                index += 1
            case 0x7F, 0x08:
                keys.append(.backspace)
                index += 1
            case 0x03:
                keys.append(.interrupt)
                index += 1
            case 0x04:
                keys.append(.endOfInput)
                index += 1
            case 0x15:
                keys.append(.clearLine)
                index += 1
            case 0x00..<0x20:
                keys.append(.ignored)
                index += 1
            default:
                let length = utf8Length(byte)
                guard index + length <= bytes.count else {
                    if final {
                        keys.append(.ignored)
                        return (keys, [])
                    }
                    return (keys, Array(bytes[index...]))
                }
                let text = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                keys.append(text.first.map { .character($0) } ?? .ignored)
                index += length
            }
        }
        return (keys, [])
    }

    private static func sequence(parameters: [UInt8], final: UInt8) -> Key {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch String(decoding: parameters, as: UTF8.self) {
            case "5": return .pageUp
            case "6": return .pageDown
            case "1", "7": return .home
            case "4", "8": return .end
            default: return .ignored
            }
        default:
            return .ignored
        }
    }

    /// The length of the UTF-8 sequence a lead byte starts; a stray continuation byte counts as one.
    private static func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xF7: return 4
        case 0xE0...0xEF: return 3
        case 0xC0...0xDF: return 2
        default: return 1
        }
    }
}
