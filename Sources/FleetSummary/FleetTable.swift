/// The whole rollout as one table: a row per host, in inventory order, and the totals.
public struct FleetTable: Sendable, Equatable {
    public var hosts: [FleetHost]
    /// When the summary was made (ISO 8601), shown under the table.
    public var generatedAt: String

    public init(hosts: [FleetHost], generatedAt: String) {
        self.hosts = hosts
        self.generatedAt = generatedAt
    }

    public func count(_ outcome: FleetHost.Outcome) -> Int { hosts.filter { $0.outcome == outcome }.count }

    /// Images and layer bytes over the hosts that migrated.
    public var carried: (images: Int, bytes: UInt64) {
        hosts.filter { $0.outcome == .migrated }.reduce((0, 0)) {
            ($0.0 + ($1.images ?? 0), $0.1 + ($1.layerBytes ?? 0))
        }
    }

    /// " The 2 migrated hosts carried 24 image(s), 166 MB of layers." when any host migrated, else "".
    public var carriedSentence: String {
        let migrated = count(.migrated)
        guard migrated > 0 else { return "" }
        let (images, bytes) = carried
        let hosts = migrated == 1 ? "The migrated host" : "The \(migrated) migrated hosts"
        return " \(hosts) carried \(images) image(s), \(FleetFigures.bytes(bytes)) of layers."
    }

    /// "3 hosts: 2 migrated, 1 blocked": the outcomes that occur, in a fixed order.
    public var headline: String {
        let parts = FleetHost.Outcome.allCases.compactMap { outcome -> String? in
            let count = count(outcome)
            return count == 0 ? nil : "\(count) \(outcome.rawValue)"
        }
        let noun = hosts.count == 1 ? "host" : "hosts"
        return "\(hosts.count) \(noun)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
