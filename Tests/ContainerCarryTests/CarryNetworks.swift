import Foundation
import HostSystem
import Sandbox

/// Two user-defined bridge networks, made the same way in both daemons (a migration keeps the data root's
/// network store; a fresh sandbox needs them made again). Dockerd leaves its bridge interfaces on the host
/// when it stops, so they are deleted by name afterwards.
actor CarryNetworks {
    static let front = "carry-front"
    static let back = "carry-back"
    static let subnet = "172.31.250.0/24"
    static let webAddress = "172.31.250.10"

    private var bridges: [String] = []

    func create(in sandbox: DockerSandbox) async throws {
        for arguments in [["--subnet", Self.subnet, Self.front], [Self.back]] {
            let id = try await sandbox.docker(["network", "create"] + arguments).standardOutput
                .trimmingCharacters(in: .whitespacesAndNewlines)
            bridges.append("br-" + id.prefix(12))
        }
    }

    /// Deletes the bridge interfaces made so far; a missing one is fine.
    func removeBridges() async {
        let ip = CommandRunner.which("ip") ?? "/usr/sbin/ip"
        for bridge in bridges {
            _ = try? await CommandRunner().run(Command(ip, ["link", "delete", bridge]))
        }
        bridges.removeAll()
    }
}
