import Foundation

/// Any JSON value, kept whole: container configs are sent back to the daemon with fields drivershift does not
/// know (newer API fields, runtime options), so they are carried as values rather than decoded into structs.
public enum EngineJSON: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// Integers stay exact (memory limits, nano CPUs); only numbers with a fraction become `double`.
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([EngineJSON])
    case object([String: EngineJSON])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([EngineJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: EngineJSON].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses `data`; `source` names the file or endpoint in the error.
    public static func parse(_ data: Data, source: String) throws -> EngineJSON {
        do {
            return try JSONDecoder().decode(EngineJSON.self, from: data)
        } catch {
            throw EngineError.undecodable(endpoint: source, reason: "\(error)")
        }
    }

    /// Compact JSON with sorted keys, so equal values encode to equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public var description: String {
        (try? encoded()).map { String(decoding: $0, as: UTF8.self) } ?? "<unencodable>"
    }

    // MARK: - Reading

    public subscript(key: String) -> EngineJSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var array: [EngineJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var object: [String: EngineJSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The strings of an array value; nil (not empty) for anything else, so `null` and `[]` stay apart for callers
    /// that care.
    public var strings: [String]? {
        array?.compactMap(\.string)
    }

    /// `null`, `""`, `[]`, `{}`, `false` and `0`: what Go's `omitempty` and Docker's defaults treat as unset.
    public var isUnset: Bool {
        switch self {
        case .null: return true
        case .bool(let value): return !value
        case .integer(let value): return value == 0
        case .double(let value): return value == 0
        case .string(let value): return value.isEmpty
        case .array(let value): return value.isEmpty
        case .object(let value): return value.isEmpty
        }
    }

    // MARK: - Changing

    /// This object with `key` set to `value` (removed when `value` is nil); other values are returned unchanged.
    public func setting(_ key: String, to value: EngineJSON?) -> EngineJSON {
        guard case .object(var fields) = self else { return self }
        fields[key] = value
        return .object(fields)
    }
}
