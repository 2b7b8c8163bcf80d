import Foundation

/// A Docker release as `docker version` spells it: `1.13.1`, `17.06.2-ce`, `20.10.24+dfsg1`, `25.0.3`.
/// Only the numbers count; Docker's calendar versions (17.03 and later) compare like any other.
public struct DockerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    public init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Reads the leading `major.minor[.patch]`; anything after (`-ce`, `+dfsg1`, `-rc.1`) is ignored.
    public init?(_ text: String) {
        var trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        if trimmed.hasPrefix("v") { trimmed = trimmed.dropFirst() }
        let numeric = trimmed.prefix { $0.isNumber || $0 == "." }
        let parts = numeric.split(separator: ".", omittingEmptySubsequences: false).prefix(3).map { Int($0) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { return nil }
        let patch = parts.count > 2 ? parts[2] : 0
        guard let patch else { return nil }
        self.init(major: major, minor: minor, patch: patch)
    }

    public static func < (lhs: DockerVersion, rhs: DockerVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    /// The release that brought the overlay2 driver.
    public static let overlay2Introduced = DockerVersion(major: 1, minor: 12)
    /// From here Docker supports overlay2 in production (Docker EE 17.06.2-ee5 and CE 17.06 onwards).
    public static let overlay2Supported = DockerVersion(major: 17, minor: 6)
    /// `--data-root`/`data-root` replaced `--graph`/`graph` in 17.05; older dockerd refuses the new name.
    public static let dataRootFlag = DockerVersion(major: 17, minor: 5)
    /// The release that removed the devicemapper driver.
    public static let devicemapperRemoved = DockerVersion(major: 25, minor: 0)
}
