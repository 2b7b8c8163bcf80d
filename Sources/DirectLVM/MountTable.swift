import HostSystem
/// The parts of `/proc/self/mountinfo` and `/proc/swaps` that say whether a block device is in use.
public enum MountTable {
    /// One line of mountinfo: which device (by number, and by name as the mount source) is mounted where.
    public struct Entry: Sendable, Hashable, Codable {
        public var major: UInt32
        public var minor: UInt32
        public var mountPoint: String
        public var fileSystemType: String
        /// The mount source (`/dev/vdb1`), as the kernel printed it.
        public var source: String
    }

    /// Parses mountinfo (proc(5)): `id parent major:minor root mountpoint options [optional...] - type source super`.
    /// Lines of another shape are skipped: one odd line must not hide the others.
    public static func parseMountInfo(_ text: String) -> [Entry] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count
            else { return nil }
            let numbers = fields[2].split(separator: ":")
            guard numbers.count == 2, let major = UInt32(numbers[0]), let minor = UInt32(numbers[1]) else {
                return nil
            }
            return Entry(
                major: major, minor: minor, mountPoint: MountEntry.unescape(fields[4]),
                fileSystemType: String(fields[dash + 1]), source: MountEntry.unescape(fields[dash + 2]))
        }
    }

    /// The file names (devices or swap files) listed in `/proc/swaps`, without its header line.
    public static func parseSwaps(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).first.map { MountEntry.unescape($0) }
        }
        .filter { !$0.isEmpty }
    }
}
