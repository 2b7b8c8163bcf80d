import Inventory

/// Sizes and durations as the reports print them; sizes as the inventory prints them.
enum ReportFigures {
    static func bytes(_ value: UInt64?) -> String { ByteCount.format(value) }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
