import Foundation

/// dockerd processes on this machine, from /proc: a running daemon may activate or change thin devices of its
/// pool at any moment, so the pool is not ours to read through the kernel.
enum RunningDockerd {
    static func pids(proc: String = "/proc") -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: proc)) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let command = try? String(contentsOfFile: "\(proc)/\(entry)/comm", encoding: .utf8)
            else { return nil }
            return command.trimmingCharacters(in: .whitespacesAndNewlines) == "dockerd" ? pid : nil
        }.sorted()
    }
}
