import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Mounts a dockerd leaves behind when it dies uncleanly (its data-root bind mount, overlay mounts, netns
/// files), found in /proc/self/mounts and detached so the tree can be deleted.
enum MountTable {
    /// Mount points at or below `path`, deepest first.
    static func mountPoints(under path: String) -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return [] }
        let points = text.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { return nil }
            return unescape(String(fields[1]))
        }
        let under = Set(points.filter { $0 == path || $0.hasPrefix(path + "/") })
        return under.sorted { $0.utf8.count > $1.utf8.count }
    }

    /// Lazily detaches every mount at or below `path`; throws naming any that stay.
    static func unmountAll(under path: String) throws {
        // Stacked mounts on one point take one detach each; a few rounds are plenty.
        for _ in 0..<8 {
            let points = mountPoints(under: path)
            if points.isEmpty { return }
            for point in points { _ = umount2(point, Int32(MNT_DETACH)) }
        }
        let left = mountPoints(under: path)
        if !left.isEmpty { throw SandboxError.stillMounted(paths: left) }
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
