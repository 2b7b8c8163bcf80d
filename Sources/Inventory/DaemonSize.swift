/// Reads the human sizes `docker info` prints ("1.512 GB", "65.54 kB") back into bytes.
enum DaemonSize {
    static func bytes(_ text: String?) -> UInt64? {
        guard let text else { return nil }
        let parts = text.split(separator: " ")
        guard let number = parts.first.flatMap({ Double($0) }) else { return nil }
        let unit = parts.count > 1 ? String(parts[1]).lowercased() : "b"
        let factors: [String: Double] = [
            "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let factor = factors[unit] else { return nil }
        return UInt64((number * factor).rounded())
    }

    static func freePercent(used: UInt64?, total: UInt64?) -> Double? {
        guard let used, let total, total > 0 else { return nil }
        return 100 * (1 - Double(used) / Double(total))
    }
}
