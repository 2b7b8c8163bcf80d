import Foundation

/// The root under which every host path is resolved, like `systemctl --root`.
///
/// drivershift reads `/etc/docker/daemon.json`, `/var/lib/docker`, `/proc/mounts` and friends. Tests and dry
/// runs point it at a copied host tree instead; every module asks this value for the real location of a host
/// path so that nothing reads the live host by accident.
public struct HostRoot: Sendable, Hashable, CustomStringConvertible {
    /// The directory that stands for `/`, without a trailing slash (`""` for the real root).
    public let prefix: String

    public static let live = HostRoot(prefix: "")

    public init(_ directory: String?) {
        guard let directory, !directory.isEmpty, directory != "/" else {
            self.prefix = ""
            return
        }
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.prefix = trimmed
    }

    private init(prefix: String) {
        self.prefix = prefix
    }

    public var isLive: Bool { prefix.isEmpty }

    public var description: String { isLive ? "/" : prefix }

    /// The real location of an absolute host path (`/etc/docker` -> `<root>/etc/docker`).
    /// A relative path is taken as relative to the host's `/`.
    public func resolve(_ hostPath: String) -> String {
        let absolute = hostPath.hasPrefix("/") ? hostPath : "/" + hostPath
        return prefix + HostRoot.normalize(absolute)
    }

    /// The host path that a resolved location stands for (the inverse of `resolve`).
    public func hostPath(of resolvedPath: String) -> String {
        guard !isLive, resolvedPath.hasPrefix(prefix) else { return resolvedPath }
        let rest = String(resolvedPath.dropFirst(prefix.count))
        return rest.isEmpty ? "/" : rest
    }

    /// Removes `.`, `..` and repeated slashes lexically, so `..` can never climb above the host root.
    static func normalize(_ absolutePath: String) -> String {
        var parts: [Substring] = []
        for component in absolutePath.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
