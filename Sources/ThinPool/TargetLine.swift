/// One target of a mapped device, as `DM_DEVICE_STATUS` or `DM_DEVICE_TABLE` reports it (one line of
/// `dmsetup status` / `dmsetup table`): the sector range it covers, its type, and its parameters.
/// For a status the params are the target's status text; for a table, its constructor arguments.
public struct TargetLine: Sendable, Hashable {
    /// First sector (512 bytes) of the device this target covers.
    public let start: UInt64
    /// Number of sectors it covers.
    public let length: UInt64
    /// "thin-pool", "thin", "linear", ...
    public let targetType: String
    public let params: String

    public init(start: UInt64, length: UInt64, targetType: String, params: String) {
        self.start = start
        self.length = length
        self.targetType = targetType
        self.params = params
    }

    /// Parses a `dmsetup status`/`dmsetup table` line: `[<name>: ]<start> <length> <type> <params...>`,
    /// e.g. captured from a VM or a bug report. The device name, if present, is dropped.
    public static func parse(_ line: String) throws(ThinPoolError) -> TargetLine {
        var body = Substring(line)
        if let first = body.split(separator: " ", maxSplits: 1).first, UInt64(first) == nil,
            let separator = body.firstRange(of: ": ")
        {
            // dm names may contain ':' (docker-254:0-131098-pool), so the name ends at the first ": ".
            body = body[separator.upperBound...]
        }
        let fields = StatusFields(what: "target line", text: line)
        let parts = body.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard parts.count >= 3 else {
            throw fields.failure("expected <start> <length> <target type> <params>, found \(parts.count) fields")
        }
        guard let start = UInt64(parts[0]) else { throw fields.failure("the start \"\(parts[0])\" is not a number") }
        guard let length = UInt64(parts[1]) else {
            throw fields.failure("the length \"\(parts[1])\" is not a number")
        }
        let params = parts.count > 3 ? String(parts[3]).trimmingWhitespace() : ""
        return TargetLine(start: start, length: length, targetType: String(parts[2]), params: params)
    }
}
