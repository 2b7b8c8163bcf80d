/// One named preflight check and what it found: the unit of the preflight report.
public struct PreflightCheck: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, Hashable, Comparable {
        case ok
        case warning
        /// The switch must not go ahead until this is fixed.
        case blocker

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int {
            switch self {
            case .ok: return 0
            case .warning: return 1
            case .blocker: return 2
            }
        }
    }

    /// Stable identifier for machines and tests (`overlay.kernel-mount`, `device.signature`).
    public var id: String
    /// What was checked, for people ("overlay mounts on this kernel").
    public var title: String
    public var status: Status
    /// One line: what was found, with the figures.
    public var finding: String
    /// What to do about it; nil when nothing needs doing.
    public var remedy: String?

    public init(id: String, title: String, status: Status, finding: String, remedy: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.finding = finding
        self.remedy = remedy
    }
}
