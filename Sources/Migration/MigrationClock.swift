import Foundation

/// Timestamps as the journal and reports write them: UTC, ISO 8601, to the millisecond.
public enum MigrationClock {
    public static func now() -> String { string(from: Date()) }

    public static func string(from date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
