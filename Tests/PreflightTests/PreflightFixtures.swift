import DriverShiftTestSupport
import Foundation
import HostConfig
import HostSystem

@testable import Inventory

/// Inventories and configurations built in the test, for checks that only read them.
enum PreflightFixtures {
    static func configuration(storageDriver: String? = "devicemapper", storageOptions: [String] = [])
        -> DockerConfiguration
    {
        let source = ConfigSource(kind: .daemonJSON, path: "/etc/docker/daemon.json", line: 2, inEffect: true)
        var settings: [ConfigSetting] = []
        if let storageDriver {
            settings.append(
                ConfigSetting(key: "storage-driver", values: [storageDriver], kind: .daemonJSON, source: source))
        }
        let options =
            storageOptions.isEmpty
            ? [] : [ConfigSetting(key: "storage-opts", values: storageOptions, kind: .daemonJSON, source: source)]
        return DockerConfiguration(
            sources: [source], settings: settings + options, conflicts: [], problems: [], dockerdArguments: [],
            execStart: nil, configFile: DockerConfiguration.defaultConfigFile, daemonJSONKeyOrder: ["storage-driver"],
            storageDriver: storageDriver, storageDriverSource: storageDriver == nil ? nil : source,
            storageOptions: options, dataRoot: DockerConfiguration.defaultDataRoot, dataRootSource: nil)
    }

    static func inventory(
        driver: String = "devicemapper", dataRoot: String = "/var/lib/docker", version: String? = "20.10.24+dfsg1",
        pool: PoolSummary? = nil, images: [ImageEntry] = [], containers: [ContainerEntry] = [],
        exportBytes: UInt64 = 0, layerBytes: UInt64 = 0, mode: InventoryMode = .offline
    ) -> HostInventory {
        HostInventory(
            generatedAt: "2024-01-01T00:00:00Z", mode: mode, hostRoot: "/",
            docker: DockerSummary(
                version: version, versionSource: version == nil ? nil : "daemon", apiVersion: nil,
                daemonRunning: mode == .online, daemonNote: nil, dataRoot: dataRoot, storageDriver: driver,
                storageDriverSource: "configuration", storageOptions: [],
                configuration: configuration(storageDriver: driver)),
            pool: pool, images: images, containers: containers, volumes: [],
            totals: InventoryTotals(
                images: images.count, taggedImages: images.filter { !$0.tags.isEmpty }.count, danglingImages: 0,
                uniqueLayers: 0, uniqueLayerBytes: layerBytes, exportBytesTagged: exportBytes,
                exportBytesAll: exportBytes, containers: containers.count, volumes: 0, volumeBytes: 0),
            problems: [])
    }

    /// A loop-lvm pool whose live status says `health`.
    static func pool(health: String?, needsCheck: Bool? = false, liveStatusUnavailable: String? = nil) -> PoolSummary {
        PoolSummary(
            mode: .loopLVM, poolName: "docker-8:1-1234-pool", poolNameSource: "derived", dataFile: nil,
            metadataFile: nil, thinPoolDevice: nil, baseDeviceBytes: nil, baseFilesystem: "xfs", thinDevices: 3,
            usage: liveStatusUnavailable != nil
                ? nil
                : PoolSummary.Usage(
                    source: "libdevmapper", dataUsedBytes: 2_000_000_000, dataTotalBytes: 107_374_182_400,
                    metadataUsedBytes: 1_000_000, metadataTotalBytes: 2_147_483_648, dataFreePercent: 98,
                    metadataFreePercent: 99, health: health, needsCheck: needsCheck, transactionID: 7),
            liveStatusUnavailable: liveStatusUnavailable, daemonStatus: nil)
    }

    /// An image entry as the inventory's JSON has it: tests need no import of DockerState for its digests.
    static func image(tag: String?, idHex: Character, layers: [(Character, tarSize: UInt64?, cacheID: String?)])
        throws -> ImageEntry
    {
        let layerJSON = layers.map { layer -> String in
            let hex = String(repeating: layer.0, count: 64)
            let tar = layer.tarSize.map { "\"tarSize\": \($0)," } ?? ""
            let cache = layer.cacheID.map { "\"cacheID\": \"\($0)\"," } ?? ""
            return "{\(tar)\(cache)\"diffID\": \"sha256:\(hex)\", \"chainID\": \"sha256:\(hex)\", \"size\": 100}"
        }
        let json = """
            {"id": "sha256:\(String(repeating: idHex, count: 64))", "tags": [\(tag.map { "\"\($0)\"" } ?? "")],
             "repoDigests": [], "dangling": false, "intermediate": false, "configSize": 1000,
             "layers": [\(layerJSON.joined(separator: ","))]}
            """
        return try JSONDecoder().decode(ImageEntry.self, from: Data(json.utf8))
    }

    static func container(_ name: String, state: String, writableBytes: UInt64?, driver: String = "devicemapper")
        -> ContainerEntry
    {
        ContainerEntry(
            id: String(repeating: "c", count: 64), name: name, image: "app:1", imageID: nil, state: state,
            driver: driver, writableLayerBytes: writableBytes)
    }
}

/// Scratch directories for the probes: in the worktree (the filesystem the project's own data lives on), or
/// under /tmp for mounts.
enum ScratchPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func inWorktree(_ label: String) throws -> String {
        let path = "\(packageRoot)/.build/tmp/preflight-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) async {
        _ = try? await CommandRunner().run(Command("/bin/rm", ["-rf", "--one-file-system", path]))
    }

    /// Fails the test by name when a tool it needs is not installed: never a silent skip.
    static func require(_ tools: String...) throws {
        for tool in tools where CommandRunner.which(tool) == nil {
            throw TestFailure("\(tool) is not installed (or not on PATH); this test needs it")
        }
    }
}
