import Foundation

/// Docker's reference store file, `<data-root>/image/<driver>/repositories.json`, as moby's `reference/store.go`
/// keeps it: `{"Repositories":{"<familiar name>":{"<familiar reference>":"sha256:<image id>"}}}`, where a reference
/// is `name:tag` or `name@sha256:<digest>`. Written the way Go's encoding/json writes that struct: compact, map
/// keys in byte order, `<`, `>`, `&`, U+2028 and U+2029 escaped, no trailing newline.
struct RepositoriesDocument: Sendable, Equatable {
    /// Familiar repository name -> reference -> image ID.
    var repositories: [String: [String: String]]

    static let empty = RepositoriesDocument(repositories: [:])

    /// Parses the file's bytes; `path` names it in errors.
    static func parse(_ data: Data, path: String) throws -> RepositoriesDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportError.repositoriesUnreadable(path: path, reason: "it is not valid JSON")
        }
        guard let top = object as? [String: Any], let repositories = top["Repositories"] else {
            throw ImportError.repositoriesUnreadable(path: path, reason: "it has no \"Repositories\" object")
        }
        // Go writes a nil map as null.
        if repositories is NSNull { return .empty }
        guard let byName = repositories as? [String: Any] else {
            throw ImportError.repositoriesUnreadable(path: path, reason: "\"Repositories\" is not an object")
        }
        var result: [String: [String: String]] = [:]
        for (name, value) in byName {
            if value is NSNull {
                result[name] = [:]
                continue
            }
            guard let references = value as? [String: Any] else {
                throw ImportError.repositoriesUnreadable(path: path, reason: "repository \"\(name)\" is not an object")
            }
            var entries: [String: String] = [:]
            for (reference, target) in references {
                guard let id = target as? String else {
                    throw ImportError.repositoriesUnreadable(
                        path: path, reason: "\"\(reference)\" does not point at an image ID")
                }
                entries[reference] = id
            }
            result[name] = entries
        }
        return RepositoriesDocument(repositories: result)
    }

    /// The image a reference points at, wherever it is filed.
    func target(of reference: String, repository: String) -> String? {
        repositories[repository]?[reference]
    }

    /// The file's text, byte for byte as dockerd would write it.
    func serialized() -> String {
        var text = "{\"Repositories\":{"
        for (index, name) in Self.sorted(repositories.keys).enumerated() {
            if index > 0 { text += "," }
            text += Self.quoted(name) + ":{"
            let entries = repositories[name] ?? [:]
            for (entryIndex, reference) in Self.sorted(entries.keys).enumerated() {
                if entryIndex > 0 { text += "," }
                text += Self.quoted(reference) + ":" + Self.quoted(entries[reference] ?? "")
            }
            text += "}"
        }
        return text + "}}"
    }

    /// Byte order of the UTF-8, as Go sorts map keys.
    static func sorted(_ keys: some Collection<String>) -> [String] {
        keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// A JSON string as Go's encoding/json writes it (HTML-safe escaping included).
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                text += "\\u" + Self.hex4(scalar.value)
            default:
                if scalar.value < 0x20 {
                    text += "\\u" + Self.hex4(scalar.value)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
