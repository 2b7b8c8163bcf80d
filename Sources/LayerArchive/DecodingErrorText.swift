/// Says where in a JSON document decoding failed (`images[2].layers[0]: key "size" is missing`), so a damaged
/// document can be found by eye.
enum DecodingErrorText {
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(location(context.codingPath)): key \"\(key.stringValue)\" is missing"
        case .typeMismatch(let type, let context):
            return "\(location(context.codingPath)): expected \(describe(type)), found something else"
        case .valueNotFound(let type, let context):
            return "\(location(context.codingPath)): expected \(describe(type)), found null"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return "\(location(context.codingPath)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func location(_ path: [CodingKey]) -> String {
        guard !path.isEmpty else { return "at the top level" }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return "at \(text)"
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "a number"
        case is [Any].Type: return "an array"
        default: return "\(type)"
        }
    }
}
