import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `/proc` says about processes: enough to find a sandbox's daemons and to know when they are gone.
///
/// Processes are matched by argv rather than by parent, because containerd's shims re-parent to init and
/// survive a killed dockerd; container processes are found as descendants of what matched.
enum ProcessTable {
    struct Entry: Sendable {
        let pid: Int32
        let parent: Int32
        /// The one-letter state from /proc/PID/stat (`R`, `S`, `Z`, ...).
        let state: Character
        let arguments: [String]
    }

    /// The programs a dockerd starts; only these are matched by argv, so a user's `ls <data-root>` is never hit.
    static let daemonPrograms: Set<String> = [
        "dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2",
        "runc", "docker-proxy", "docker-init",
    ]

    /// A live (not zombie) process with this pid exists.
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, let entry = entry(pid) else { return false }
        return entry.state != "Z" && entry.state != "X"
    }

    static func entry(_ pid: Int32) -> Entry? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        let arguments = raw.split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
            .filter { !$0.isEmpty }
        return Entry(pid: pid, parent: parent, state: state, arguments: arguments)
    }

    static func snapshot() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).compactMap(entry)
    }

    /// Live daemon processes whose argv names a path at or under one of `roots`, plus all their descendants.
    static func processes(under roots: [String]) -> [Entry] {
        let live = snapshot().filter { $0.state != "Z" && $0.state != "X" }
        let matched = live.filter { entry in
            guard let program = entry.arguments.first?.split(separator: "/").last,
                daemonPrograms.contains(String(program))
            else { return false }
            return entry.arguments.dropFirst().contains { argument in
                let path = argument.hasPrefix("unix://") ? String(argument.dropFirst(7)) : argument
                return roots.contains { path == $0 || path.hasPrefix($0 + "/") }
            }
        }
        var found = Set(matched.map(\.pid))
        var grew = true
        while grew {
            grew = false
            for entry in live where !found.contains(entry.pid) && found.contains(entry.parent) {
                found.insert(entry.pid)
                grew = true
            }
        }
        return live.filter { found.contains($0.pid) }
    }

    /// Polls until none of `pids` is alive; returns those still alive at the deadline.
    static func waitForExit(_ pids: [Int32], timeout: Duration) async -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        var remaining = pids.filter(isAlive)
        while !remaining.isEmpty && ContinuousClock.now < deadline {
            // Cleanup must finish even in a cancelled task, where Task.sleep would return at once.
            do { try await Task.sleep(for: .milliseconds(100)) } catch { usleep(100_000) }
            remaining = remaining.filter(isAlive)
        }
        return remaining
    }

    static func signal(_ pids: [Int32], _ signal: Int32) {
        for pid in pids where pid > 0 { _ = kill(pid, signal) }
    }
}
