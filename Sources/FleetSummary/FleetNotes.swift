/// What the fleet playbook writes for a host beside the fetched reports.
enum FleetNotes {
    /// `failure.json`: the task that failed the host and its message (a refused run leaves no report).
    struct Failure: Decodable {
        var task: String?
        var message: String
    }

    /// Read first, so a report of another format fails with its version rather than a missing key.
    struct FormatProbe: Decodable {
        var formatVersion: Int
    }
}
