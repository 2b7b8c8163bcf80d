import Foundation

/// An Engine API version like `1.41`, ordered numerically (1.9 < 1.41).
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    /// The newest API whose answers drivershift knows how to read; newer daemons are asked to speak this one.
    public static let newestSupported = APIVersion(major: 1, minor: 45)
    /// Docker 1.13 (Red Hat's CentOS 7 docker) speaks 1.26; 1.24 is the oldest any supported daemon offers.
    public static let oldestSupported = APIVersion(major: 1, minor: 24)

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// The version both sides speak: the daemon's newest, capped at ours.
    public static func negotiate(daemonNewest: APIVersion) throws -> APIVersion {
        guard daemonNewest >= oldestSupported else {
            throw EngineError.apiTooOld(server: daemonNewest.description, minimum: oldestSupported.description)
        }
        return min(daemonNewest, newestSupported)
    }
}
