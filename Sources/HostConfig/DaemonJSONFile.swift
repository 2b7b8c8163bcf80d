import Foundation

/// daemon.json as dockerd reads it: the top-level keys in file order, each with its line and its value as text.
struct DaemonJSONFile: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var key: String
        /// The string, each string of an array of strings, or the value as compact JSON.
        var values: [String]
        var line: Int
    }

    /// One entry per key, in the order the keys first appear; a repeated key holds its last value and line.
    var entries: [Entry]
    /// Keys written more than once (dockerd silently takes the last one).
    var repeatedKeys: [JSONStructureScanner.Key]

    /// Parses `bytes`; throws with the line and column where the document stops being JSON dockerd accepts.
    static func parse(_ bytes: [UInt8]) throws(JSONStructureScanner.Failure) -> DaemonJSONFile {
        let keys: [JSONStructureScanner.Key]
        switch try JSONStructureScanner.scan(bytes) {
        case .empty:
            return DaemonJSONFile(entries: [], repeatedKeys: [])
        case .other:
            throw JSONStructureScanner.Failure(
                message: "the top level is not an object; daemon.json must be { \"key\": value, ... }",
                line: 1, column: 1)
        case .object(let found):
            keys = found
        }

        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let object: [String: Any]
        do {
            guard let decoded = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw JSONStructureScanner.Failure(message: "the top level is not an object", line: 1, column: 1)
            }
            object = decoded
        } catch let failure as JSONStructureScanner.Failure {
            throw failure
        } catch {
            // The scanner accepted it, so this is a Foundation limit rather than bad JSON; say what it said.
            throw JSONStructureScanner.Failure(message: "\(error)", line: 1, column: 1)
        }

        var entries: [Entry] = []
        var repeated: [JSONStructureScanner.Key] = []
        for key in keys {
            let values = object[key.name].map(render) ?? []
            if let existing = entries.firstIndex(where: { $0.key == key.name }) {
                repeated.append(key)
                entries[existing].line = key.line
                entries[existing].values = values
            } else {
                entries.append(Entry(key: key.name, values: values, line: key.line))
            }
        }
        return DaemonJSONFile(entries: entries, repeatedKeys: repeated)
    }

    private static func render(_ value: Any) -> [String] {
        if let string = value as? String { return [string] }
        if let array = value as? [Any] {
            let strings = array.compactMap { $0 as? String }
            if strings.count == array.count { return strings }
        }
        let options: JSONSerialization.WritingOptions = [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: options) else {
            return ["\(value)"]
        }
        return [String(decoding: data, as: UTF8.self)]
    }
}
