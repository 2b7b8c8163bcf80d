import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Just enough of /proc to stop a daemon and every process it forked (sshd's per-connection children).
enum ProcessTree {
    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, fields[0] != "Z" else { return nil }
        return Int32(fields[1])
    }

    static func isAlive(_ pid: Int32) -> Bool { parent(of: pid) != nil }

    /// `root` and all live processes below it.
    static func tree(_ root: Int32) -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
        var parents: [Int32: Int32] = [:]
        for pid in pids { parents[pid] = parent(of: pid) }
        var found: Set<Int32> = isAlive(root) ? [root] : []
        var grew = true
        while grew {
            grew = false
            for (pid, parent) in parents where !found.contains(pid) && found.contains(parent) {
                found.insert(pid)
                grew = true
            }
        }
        return Array(found)
    }

    /// SIGTERM to the tree, then SIGKILL to whatever is left after `seconds`; true when all are gone.
    @discardableResult
    static func stop(_ root: Int32, seconds: Double = 5) async -> Bool {
        let members = tree(root)
        for pid in members { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !members.contains(where: isAlive) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        for pid in members where isAlive(pid) { kill(pid, SIGKILL) }
        try? await Task.sleep(for: .milliseconds(200))
        return !members.contains(where: isAlive)
    }
}
