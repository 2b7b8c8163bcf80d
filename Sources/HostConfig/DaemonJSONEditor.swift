import Foundation

/// Edits daemon.json member by member: a changed member is rewritten in the file's own style, a new one is
/// appended after the last, and every other byte (unknown keys, their order, nested values, odd spacing) stays.
struct DaemonJSONEditor {
    enum Failure: Error, Equatable {
        case invalidJSON(JSONStructureScanner.Failure)
        case notAnObject
        /// A key that cannot be edited safely, with the reason.
        case unsupported(key: String, reason: String)
    }

    /// One `"key": value` of the top-level object, cut into the pieces it is written with.
    struct Member {
        var name: String
        /// Blanks between the previous comma (or `{`) and the key.
        var lead: [UInt8]
        var key: [UInt8]
        /// From just after the key to the value: `": "`, `" : "`, ...
        var separator: [UInt8]
        var value: [UInt8]
        /// Blanks between the value and the next comma (or `}`).
        var trail: [UInt8]
        var isNew = false
    }

    private(set) var prefix: [UInt8]
    private(set) var suffix: [UInt8]
    private(set) var members: [Member]
    /// Whether the file had an object at all (an empty or missing file has none).
    private let hadObject: Bool
    private let newline: [UInt8]

    init(_ text: String?) throws(Failure) {
        let bytes = Array((text ?? "").utf8)
        newline = text?.contains("\r\n") == true ? Array("\r\n".utf8) : [0x0A]
        let layout: JSONStructureScanner.ObjectLayout?
        do {
            layout = try JSONStructureScanner.layout(bytes)
        } catch {
            throw .invalidJSON(error)
        }
        guard let layout else {
            if case .other = (try? JSONStructureScanner.scan(bytes)) ?? .empty { throw .notAnObject }
            // Empty or missing: a new object, and the file ends with a newline like any text file.
            prefix = []
            suffix = newline
            members = []
            hadObject = false
            return
        }
        hadObject = true
        prefix = Array(bytes[...layout.open])
        suffix = Array(bytes[layout.close...])
        var members: [Member] = []
        var leadStart = layout.open + 1
        for (index, key) in layout.members.enumerated() {
            let limit = index + 1 < layout.members.count ? layout.members[index + 1].keyStart : layout.close
            let comma = bytes[key.valueEnd..<limit].firstIndex(of: UInt8(ascii: ",")) ?? layout.close
            members.append(
                Member(
                    name: key.name, lead: Array(bytes[leadStart..<key.keyStart]),
                    key: Array(bytes[key.keyStart..<key.keyEnd]), separator: Array(bytes[key.keyEnd..<key.valueStart]),
                    value: Array(bytes[key.valueStart..<key.valueEnd]), trail: Array(bytes[key.valueEnd..<comma])))
            leadStart = comma + 1
        }
        self.members = members
    }

    // MARK: - Reading values

    func values(of name: String) -> [Any] {
        members.filter { $0.name == name }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.value), options: [.fragmentsAllowed])
        }
    }

    func contains(_ name: String) -> Bool { members.contains { $0.name == name } }

    // MARK: - Editing

    /// Sets every occurrence of `name` to the string `value`, or appends the key; returns whether anything changed.
    @discardableResult
    mutating func setString(_ name: String, to value: String) -> Bool {
        let encoded = Self.encode(value)
        guard contains(name) else {
            append(name, value: encoded)
            return true
        }
        var changed = false
        for index in members.indices where members[index].name == name {
            let current = try? JSONSerialization.jsonObject(
                with: Data(members[index].value), options: [.fragmentsAllowed])
            if current as? String != value {
                members[index].value = encoded
                changed = true
            }
        }
        return changed
    }

    /// Sets every occurrence of `name` to an array of strings, written in the style of the array it replaces.
    @discardableResult
    mutating func setStringArray(_ name: String, to values: [String]) throws(Failure) -> Bool {
        guard contains(name) else {
            append(name, value: renderNewArray(values))
            return true
        }
        var changed = false
        for index in members.indices where members[index].name == name {
            let current = try? JSONSerialization.jsonObject(
                with: Data(members[index].value), options: [.fragmentsAllowed])
            guard let strings = current as? [Any], strings.allSatisfy({ $0 is String }) else {
                throw .unsupported(key: name, reason: "its value is not a list of strings")
            }
            if strings.compactMap({ $0 as? String }) != values {
                members[index].value = JSONArrayStyle(of: members[index].value).render(values.map(Self.encode))
                changed = true
            }
        }
        return changed
    }

    /// Removes every occurrence of `name`; returns whether there was one.
    @discardableResult
    mutating func remove(_ name: String) -> Bool {
        guard let first = members.firstIndex(where: { $0.name == name }) else { return false }
        let firstLead = members[0].lead
        let lastTrail = members[members.count - 1].trail
        let innerTrail = innerTrailStyle
        members.removeAll { $0.name == name }
        // The new first member sits where the old first did, the new last before the closing brace.
        if first == 0, !members.isEmpty { members[0].lead = firstLead }
        if let last = members.indices.last {
            members[last].trail = lastTrail
            for index in members.indices.dropLast() where members[index].trail.contains(0x0A) {
                members[index].trail = innerTrail
            }
        }
        return true
    }

    /// Renames the key of every occurrence of `name`, keeping its value and place.
    mutating func rename(_ name: String, to newName: String) {
        for index in members.indices where members[index].name == name {
            members[index].name = newName
            members[index].key = Self.encode(newName)
        }
    }

    var text: String {
        var bytes = prefix
        if !hadObject { bytes += Array("{".utf8) }
        for (index, member) in members.enumerated() {
            bytes += member.lead + member.key + member.separator + member.value + member.trail
            if index < members.count - 1 { bytes.append(UInt8(ascii: ",")) }
        }
        if !hadObject { bytes += Array("}".utf8) }
        return String(decoding: bytes + suffix, as: UTF8.self)
    }

    // MARK: - Style

    /// The blanks after a value that a comma follows (usually none).
    private var innerTrailStyle: [UInt8] {
        members.dropLast().first(where: { !$0.isNew })?.trail.filter { $0 == 0x20 || $0 == 0x09 } ?? []
    }

    /// The indentation of members written one a line; nil when the object is written on one line.
    private var memberIndent: [UInt8]? {
        guard let last = members.last(where: { !$0.isNew }) else { return hadObject ? nil : Array("  ".utf8) }
        guard let newlineAt = last.lead.lastIndex(of: 0x0A) else { return nil }
        return Array(last.lead[(newlineAt + 1)...])
    }

    private mutating func append(_ name: String, value: [UInt8]) {
        var lead = newline + (memberIndent ?? Array("  ".utf8))
        var trail = newline
        if let last = members.last {
            // After a comma, like the last member; the only member's lead follows `{` instead.
            if members.count > 1 {
                lead = last.lead
            } else if memberIndent == nil {
                // One member on one line: `{"a": 1}` reads as spaced, `{"a":1}` as compact.
                lead = last.separator.contains(0x20) ? [0x20] : []
            } else {
                lead = newline + (memberIndent ?? [])
            }
            trail = last.trail
            members[members.count - 1].trail = innerTrailStyle
        } else if hadObject {
            // `{}`, `{ }`, `{\n}`: the new member brings its own line breaks.
            suffix = Array(suffix.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }))
        }
        let separator = members.first(where: { !$0.separator.contains(0x0A) })?.separator ?? Array(": ".utf8)
        members.append(
            Member(
                name: name, lead: lead, key: Self.encode(name), separator: separator, value: value, trail: trail,
                isNew: true))
    }

    /// A new array: one element a line in an object written one member a line, else on one line.
    private func renderNewArray(_ values: [String]) -> [UInt8] {
        let encoded = values.map(Self.encode)
        guard let indent = memberIndent else {
            let spaced = members.dropFirst().first(where: { !$0.isNew }).map { !$0.lead.isEmpty } ?? true
            return JSONArrayStyle(singleLineSeparator: spaced ? [0x20] : []).render(encoded)
        }
        let unit: [UInt8] = indent.first == 0x09 ? [0x09] : (indent.isEmpty ? Array("  ".utf8) : indent)
        return JSONArrayStyle(elementLead: newline + indent + unit, closingLead: newline + indent).render(encoded)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as it is.
    static func encode(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): bytes += Array("\\\\".utf8)
            case 0x0A: bytes += Array("\\n".utf8)
            case 0x09: bytes += Array("\\t".utf8)
            case 0x0D: bytes += Array("\\r".utf8)
            case 0..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }
}
