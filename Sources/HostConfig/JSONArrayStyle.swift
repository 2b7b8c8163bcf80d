/// How a JSON array of strings is laid out in a file, so that a rewritten array looks like the one it replaces:
/// one element a line with the file's indentation, or all on one line with its spacing.
struct JSONArrayStyle: Equatable {
    /// Before each element of a multi-line array (a newline and the indentation); nil for one line.
    var elementLead: [UInt8]?
    /// Before the closing bracket of a multi-line array.
    var closingLead: [UInt8] = []
    /// One line: blanks inside the brackets and after each comma.
    var openingPad: [UInt8] = []
    var closingPad: [UInt8] = []
    var singleLineSeparator: [UInt8] = [0x20]

    init(elementLead: [UInt8], closingLead: [UInt8]) {
        self.elementLead = elementLead
        self.closingLead = closingLead
    }

    init(singleLineSeparator: [UInt8]) {
        self.singleLineSeparator = singleLineSeparator
    }

    /// The style of `raw`, an array as written (`[` to `]`).
    init(of raw: [UInt8]) {
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let inner = raw.count >= 2 ? Array(raw[1..<(raw.count - 1)]) : []
        let leading = Array(inner.prefix(while: blanks.contains))
        let trailing = Array(inner.reversed().prefix(while: blanks.contains).reversed())
        let isEmpty = leading.count == inner.count
        if inner.contains(0x0A) {
            closingLead = trailing
            elementLead = isEmpty ? trailing + Array("  ".utf8) : leading
            return
        }
        if !isEmpty {
            openingPad = leading
            closingPad = trailing
        }
        singleLineSeparator = Self.blanksAfterFirstComma(inner) ?? [0x20]
    }

    func render(_ elements: [[UInt8]]) -> [UInt8] {
        guard !elements.isEmpty else { return Array("[]".utf8) }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        if let elementLead {
            for (index, element) in elements.enumerated() {
                bytes += elementLead + element
                if index < elements.count - 1 { bytes.append(UInt8(ascii: ",")) }
            }
            return bytes + closingLead + [UInt8(ascii: "]")]
        }
        bytes += openingPad
        for (index, element) in elements.enumerated() {
            bytes += element
            if index < elements.count - 1 { bytes += [UInt8(ascii: ",")] + singleLineSeparator }
        }
        return bytes + closingPad + [UInt8(ascii: "]")]
    }

    /// The blanks after the comma that ends the first element; nil with fewer than two elements. Strings
    /// are skipped whole, so a comma inside one does not count.
    private static func blanksAfterFirstComma(_ inner: [UInt8]) -> [UInt8]? {
        var index = 0
        var inString = false
        while index < inner.count {
            let byte = inner[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                return Array(inner[(index + 1)...].prefix(while: { $0 == 0x20 || $0 == 0x09 }))
            }
            index += 1
        }
        return nil
    }
}
