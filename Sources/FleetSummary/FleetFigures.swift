/// Sizes and durations as the summary prints them, in the same units as the host reports.
enum FleetFigures {
    static func bytes(_ value: UInt64?) -> String {
        guard let value else { return "-" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var scaled = Double(value)
        var unit = 0
        while scaled >= 1000 && unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        let decimals = scaled < 10 ? 2 : (scaled < 100 ? 1 : 0)
        return fixed(scaled, decimals: decimals) + " " + units[unit]
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    /// Measured downtime, else "~" and the plan's estimate, else "-".
    static func downtime(_ host: FleetHost) -> String {
        if let measured = host.downtimeSeconds { return duration(measured) }
        if let estimate = host.estimatedDowntimeSeconds { return "~" + duration(Double(estimate)) + " (est.)" }
        return "-"
    }

    /// A table cell holds the start of a long reason (an engine error can run to pages); the host's report
    /// has all of it.
    static let reasonLimit = 300

    /// The reason cut at a word near `reasonLimit`, and whether it was cut.
    static func shortReason(_ reason: String?) -> (text: String, cut: Bool) {
        guard let reason else { return ("", false) }
        guard reason.count > reasonLimit else { return (reason, false) }
        let head = reason.prefix(reasonLimit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return (String(cut) + " ...", true)
    }

    static func images(_ host: FleetHost) -> String { host.images.map(String.init) ?? "-" }

    static func route(_ host: FleetHost) -> String {
        guard host.from != nil || host.to != nil else { return "-" }
        return "\(host.from ?? "?") -> \(host.to ?? "?")"
    }

    /// Rounds without Foundation's locale-dependent String(format:).
    private static func fixed(_ value: Double, decimals: Int) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = Int((value * factor).rounded())
        guard decimals > 0 else { return "\(scaled)" }
        let whole = scaled / Int(factor)
        let fraction = String(scaled % Int(factor))
        return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
