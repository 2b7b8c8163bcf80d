import Foundation

/// A reports directory laid out as the fleet playbook fetches it (`<dir>/<host>/dry-run.json`, ...), built
/// from the real reports in Fixtures/, and removed when the test ends.
final class ReportsDirectory {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name + ".json"))
    }

    /// A fixture as a JSON object, for a test to change single fields.
    static func object(_ name: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: fixture(name)) as? [String: Any] else {
            throw FixtureError("Fixtures/\(name).json is not a JSON object")
        }
        return object
    }

    func put(_ data: Data, host: String, file: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + host, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path + "/" + host + "/" + file))
    }

    func put(fixture: String, host: String, file: String) throws {
        try put(Self.fixture(fixture), host: host, file: file)
    }

    func put(object: [String: Any], host: String, file: String) throws {
        try put(JSONSerialization.data(withJSONObject: object), host: host, file: file)
    }

    /// The note the playbook's rescue writes when a task fails the host.
    func putFailure(host: String, task: String, message: String) throws {
        try put(object: ["task": task, "message": message], host: host, file: "failure.json")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `value` at a path of object keys (`["summary", "outcome"]`).
    mutating func set(_ path: [String], _ value: Any) {
        guard let first = path.first else { return }
        if path.count == 1 {
            self[first] = value
            return
        }
        var inner = self[first] as? [String: Any] ?? [:]
        inner.set(Array(path.dropFirst()), value)
        self[first] = inner
    }
}
