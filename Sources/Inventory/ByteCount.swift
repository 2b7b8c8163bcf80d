import Foundation

/// Sizes for people, in Docker's decimal units (kB, MB, GB), so figures match `docker images` and `docker info`.
public enum ByteCount {
    public static func format(_ bytes: UInt64?) -> String {
        guard let bytes else { return "-" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return String(format: value < 10 ? "%.2f %@" : (value < 100 ? "%.1f %@" : "%.0f %@"), value, units[unit])
    }
}
