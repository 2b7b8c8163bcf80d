import Foundation
import Sandbox

/// Independent looks at the machine, not through the code under test: /proc and /proc/self/mounts.
enum SandboxProbe {
    /// Live (non-zombie) processes whose command line mentions any of `needles`, as "pid: argv".
    static func liveProcesses(mentioning needles: [String]) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> String? in
            guard Int32(name) != nil,
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                let state = stat[stat.index(after: close)...].split(separator: " ").first,
                state != "Z",
                let raw = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(name)/cmdline"))
            else { return nil }
            let commandLine = String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return needles.contains { commandLine.contains($0) } ? "\(name): \(commandLine)" : nil
        }
    }

    /// Everything of a sandbox a process could name: its data root, exec root and socket.
    static func liveProcesses(of sandbox: DockerSandbox) -> [String] {
        liveProcesses(mentioning: [sandbox.layout.dataRoot, sandbox.layout.execRoot, sandbox.socketPath])
    }

    static func mounts(under path: String) -> [String] {
        let text = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
            .filter { $0.contains(" \(path)/") || $0.contains(" \(path) ") }
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// A fresh, not yet existing directory path under the temporary directory.
    static func scratchPath(_ label: String) -> String {
        NSTemporaryDirectory() + "/drivershift-\(label)-" + UUID().uuidString.prefix(8)
    }
}
