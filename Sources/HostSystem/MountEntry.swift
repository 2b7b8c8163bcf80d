import Foundation

/// One line of /proc/self/mounts: which filesystem holds a path, and where it is mounted.
///
/// This machine's own mount table, not one under a host root: the paths asked about (a data root under a test
/// host root, a sandbox's directory) are still on this machine's disks.
public struct MountEntry: Sendable, Hashable {
    public let source: String
    public let mountPoint: String
    public let type: String
    public let options: [String]

    public static let mountsFile = "/proc/self/mounts"

    public init(source: String, mountPoint: String, type: String, options: [String]) {
        self.source = source
        self.mountPoint = mountPoint
        self.type = type
        self.options = options
    }

    /// Every mount, in the order the kernel lists them (later mounts cover earlier ones on the same point).
    public static func all(mountsFile: String = mountsFile) throws -> [MountEntry] {
        guard let text = try? String(contentsOfFile: mountsFile, encoding: .utf8) else {
            throw HostSystemError.fileUnreadable(path: mountsFile, reason: "the mount table cannot be read")
        }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map { unescape(String($0)) }
            guard fields.count >= 4 else { return nil }
            return MountEntry(
                source: fields[0], mountPoint: fields[1], type: fields[2],
                options: fields[3].split(separator: ",").map(String.init))
        }
    }

    /// The mount that holds `canonicalPath` (symlinks already resolved): the deepest mount point above it.
    /// nil only for a mount table without `/`.
    public static func containing(_ canonicalPath: String, mountsFile: String = mountsFile) throws -> MountEntry? {
        var best: MountEntry?
        for entry in try all(mountsFile: mountsFile) where isAt(canonicalPath, orBelow: entry.mountPoint) {
            // `>=` keeps the last of stacked mounts on one point: the one that is visible.
            if entry.mountPoint.utf8.count >= (best?.mountPoint.utf8.count ?? -1) { best = entry }
        }
        return best
    }

    /// Whether anything is mounted at `path` or below it.
    public static func anyMount(atOrBelow path: String) -> Bool {
        ((try? all()) ?? []).contains { isAt($0.mountPoint, orBelow: path) }
    }

    /// Mount points at or below `path`, deepest first.
    public static func mountPoints(under path: String) -> [String] {
        let points = ((try? all()) ?? []).map(\.mountPoint).filter { $0 == path || $0.hasPrefix(path + "/") }
        return Set(points).sorted { $0.utf8.count > $1.utf8.count }
    }

    public static func isAt(_ path: String, orBelow directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }

    /// /proc/mounts, mountinfo and swaps write space, tab, newline and backslash as `\ooo` octal escapes.
    public static func unescape(_ field: some StringProtocol) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 3 < raw.count,
                let value = UInt8(String(decoding: raw[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(raw[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
