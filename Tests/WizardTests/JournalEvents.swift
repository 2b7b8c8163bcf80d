import Foundation

/// (event, step) of each complete journal line.
enum JournalEvents {
    static func parse(_ journal: String) -> [(String, String)] {
        journal.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let event = object["event"] as? String
            else { return nil }
            return (event, object["step"] as? String ?? "")
        }
    }
}
