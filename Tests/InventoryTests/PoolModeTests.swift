import DockerEngine
import DockerState
import Foundation
import HostSystem
import Testing

@testable import Inventory

/// Which kind of pool a devicemapper daemon runs on, when no configuration file names it: what `docker info`
/// reports decides (dockerd's own words, taken from the VM: a direct-lvm pool has a Pool Name and no loop files).
@Suite struct PoolModeTests {
    static func info(_ status: [[String]]) throws -> EngineInfo {
        let object: [String: Any] = [
            "Driver": "devicemapper", "DriverStatus": status, "DockerRootDir": "/var/lib/docker",
        ]
        return try JSONDecoder().decode(EngineInfo.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func mode(daemon: EngineInfo?, options: [String] = []) async throws -> PoolSummary.Mode {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pool-mode-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/devicemapper", withIntermediateDirectories: true)
        let inspector = PoolInspector(
            hostRoot: .live, dataRoot: root, reader: try DataRootReader(root: root), storageOptions: options,
            daemonInfo: daemon)
        var problems: [StateProblem] = []
        return try await inspector.inspect(problems: &problems).summary.mode
    }

    @Test func aDaemonWithAPoolAndNoLoopFileRunsOnDirectLVM() async throws {
        // docker info on the VM's direct-lvm pool (dm.thinpooldev on dockerd's command line).
        let direct = try Self.info([
            ["Pool Name", "docker-thinpool"], ["Pool Blocksize", "524.3kB"], ["Data file", ""],
            ["Metadata file", ""], ["Data Space Used", "116.9MB"],
        ])
        #expect(try await Self.mode(daemon: direct) == .directLVM)
        // docker info on the VM's loop-lvm pool.
        let loop = try Self.info([
            ["Pool Name", "docker-254:0-131098-pool"], ["Data file", "/dev/loop0"],
            ["Data loop file", "/var/lib/docker/devicemapper/devicemapper/data"],
        ])
        #expect(try await Self.mode(daemon: loop) == .loopLVM)
        #expect(try await Self.mode(daemon: nil) == .loopLVM)
        #expect(try await Self.mode(daemon: nil, options: ["dm.thinpooldev=/dev/mapper/docker-thinpool"]) == .directLVM)
    }
}
