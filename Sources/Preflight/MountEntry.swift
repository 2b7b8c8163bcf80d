import Foundation

/// One line of /proc/self/mounts: which filesystem holds a path, and where it is mounted.
///
/// Probes look at real local paths (a data root under a test host root is still on this machine's disks), so
/// this is this machine's own mount table, not one under the host root.
struct MountEntry: Sendable, Hashable {
    let source: String
    let mountPoint: String
    let type: String
    let options: [String]

    static let mountsFile = "/proc/self/mounts"

    /// Every mount, in the order the kernel lists them (later mounts cover earlier ones on the same point).
    static func all(mountsFile: String = mountsFile) throws -> [MountEntry] {
        guard let text = try? String(contentsOfFile: mountsFile, encoding: .utf8) else {
            throw PreflightError.cannotRead(path: mountsFile, reason: "unreadable")
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
    static func containing(_ canonicalPath: String, mountsFile: String = mountsFile) throws -> MountEntry {
        var best: MountEntry?
        for entry in try all(mountsFile: mountsFile) where isAt(canonicalPath, orBelow: entry.mountPoint) {
            // `>=` keeps the last of stacked mounts on one point: the one that is visible.
            if entry.mountPoint.utf8.count >= (best?.mountPoint.utf8.count ?? -1) { best = entry }
        }
        guard let best else { throw PreflightError.noMountFound(path: canonicalPath) }
        return best
    }

    /// Whether anything is mounted at `path` or below it.
    static func anyMount(atOrBelow path: String) -> Bool {
        ((try? all()) ?? []).contains { isAt($0.mountPoint, orBelow: path) }
    }

    static func isAt(_ path: String, orBelow directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }

    /// /proc/mounts writes space, tab, newline and backslash as `\ooo` octal escapes.
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
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
