import DockerEngine
import DockerState
import Foundation
import HostSystem

/// One container as Docker keeps it on disk (`containers/<id>/config.v2.json` and `hostconfig.json`), read
/// without a daemon, with enough to create it again on another storage driver.
///
/// Config and HostConfig are kept as whole JSON values, so fields drivershift does not know (newer API
/// fields, runtime options) are passed back to the daemon unchanged.
public struct ContainerSnapshot: Sendable {
    public let id: String
    /// Without Docker's leading slash.
    public let name: String
    /// `Config.Image`: the tag or ID the container was created from.
    public let imageReference: String
    /// `sha256:...`: the image it runs on, whatever its tags say now.
    public let imageID: String
    /// Docker's state word as it was on disk: created, running, paused, restarting, exited, dead, removing.
    public let state: String
    /// Running when the files were read. A daemon that stopped cleanly records every container as stopped, so
    /// after a clean stop, set this from the list of running containers taken before (`loadAll(runningIDs:)`).
    public var wasRunning: Bool
    public let restartPolicy: RestartPolicy
    public let exitCode: Int
    public let restartCount: Int
    public let hasBeenStartedBefore: Bool
    public let hasBeenManuallyStopped: Bool
    /// Sorted by network name.
    public let networks: [ContainerEndpoint]
    /// Sorted by destination.
    public let mounts: [ContainerMount]
    /// The container's `Config` (what `docker inspect` shows), image defaults merged in by the daemon.
    public let config: EngineJSON
    /// The whole of `hostconfig.json`.
    public let hostConfig: EngineJSON
    /// The container's directory, for messages.
    public let directory: String

    public static let configFileName = "config.v2.json"
    public static let hostConfigFileName = "hostconfig.json"

    /// The name dockerd gives a container that was created without `--hostname`: its short ID.
    public var defaultHostname: String { String(id.prefix(12)) }

    public var networkMode: String { hostConfig["NetworkMode"]?.string ?? "default" }

    /// Whether dockerd would start this container by itself when it starts (restart policy `always`,
    /// `unless-stopped` not stopped by hand, `on-failure` after a failure).
    public var restartsWithDaemon: Bool {
        hasBeenStartedBefore
            && restartPolicy.restartsWithDaemon(
                exitCode: exitCode, manuallyStopped: hasBeenManuallyStopped, restartCount: restartCount)
    }

    /// Whether the recreated container should run: it ran, or the old daemon would have started it again.
    public var shouldRun: Bool { wasRunning || restartsWithDaemon }

    /// Docker removes dead containers and those being removed when it starts; they are not carried.
    public var isDiscardedByDocker: Bool { state == "dead" || state == "removing" }

    // MARK: - Reading

    /// Reads `<containerDirectory>/config.v2.json` and `hostconfig.json`.
    public static func load(containerDirectory: String) throws -> ContainerSnapshot {
        let label = (containerDirectory as NSString).lastPathComponent
        let configPath = "\(containerDirectory)/\(configFileName)"
        let hostConfigPath = "\(containerDirectory)/\(hostConfigFileName)"
        return try parse(
            configV2: read(configPath, container: label), hostConfig: read(hostConfigPath, container: label),
            directory: containerDirectory)
    }

    /// Every container under `containersDirectory` (`<data-root>/containers`), sorted by name. With `runningIDs`
    /// (full IDs listed as running before the daemon was stopped), `wasRunning` comes from that list.
    public static func loadAll(containersDirectory: String, runningIDs: Set<String>? = nil) throws
        -> [ContainerSnapshot]
    {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: containersDirectory)
        } catch {
            throw ContainerCarryError.containersDirectoryUnreadable(
                path: containersDirectory, reason: (error as NSError).localizedDescription)
        }
        var snapshots: [ContainerSnapshot] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let directory = "\(containersDirectory)/\(name)"
            guard (try? FileFacts.of(directory))??.isDirectory == true else { continue }
            var snapshot = try load(containerDirectory: directory)
            if let runningIDs { snapshot.wasRunning = runningIDs.contains(snapshot.id) }
            snapshots.append(snapshot)
        }
        return snapshots.sorted { $0.name < $1.name }
    }

    /// Parses the two files' bytes; `directory` is used in messages only.
    public static func parse(configV2: Data, hostConfig: Data, directory: String) throws -> ContainerSnapshot {
        let label = (directory as NSString).lastPathComponent
        let configPath = "\(directory)/\(configFileName)"
        let hostConfigPath = "\(directory)/\(hostConfigFileName)"
        let stored = try json(configV2, container: label, path: configPath)
        let host = try json(hostConfig, container: label, path: hostConfigPath)
        guard stored.object != nil else {
            throw ContainerCarryError.containerFileCorrupt(container: label, path: configPath, reason: "not an object")
        }
        guard host.object != nil else {
            throw ContainerCarryError.containerFileCorrupt(
                container: label, path: hostConfigPath, reason: "not an object")
        }
        // DockerState reads the same file for the inventory; its state word keeps both views in agreement.
        let summary: StoredContainer
        do {
            summary = try StoredContainer.parse(configV2, mountID: nil, path: configPath)
        } catch {
            throw ContainerCarryError.containerFileCorrupt(container: label, path: configPath, reason: "\(error)")
        }
        func require(_ value: String?, _ field: String) throws -> String {
            guard let value, !value.isEmpty else {
                throw ContainerCarryError.containerFileCorrupt(
                    container: summary.name.isEmpty ? label : summary.name, path: configPath,
                    reason: "it has no \(field)")
            }
            return value
        }
        let config = stored["Config"] ?? .null
        let state = stored["State"]
        let endpoints = (stored["NetworkSettings"]?["Networks"]?.object ?? [:])
            .map { ContainerEndpoint(network: $0.key, settings: $0.value) }
            .sorted { $0.network < $1.network }
        let mounts = (stored["MountPoints"]?.object ?? [:])
            .map { ContainerMount(mountPoint: $0.value, destination: $0.value["Destination"]?.string ?? $0.key) }
            .sorted { $0.destination < $1.destination }
        return ContainerSnapshot(
            id: try require(stored["ID"]?.string, "ID"),
            name: try require(summary.name, "Name"),
            imageReference: try require(config["Image"]?.string ?? stored["Image"]?.string, "Config.Image"),
            imageID: try require(stored["Image"]?.string, "Image"),
            state: summary.state,
            wasRunning: summary.state == "running" || summary.state == "paused" || summary.state == "restarting",
            restartPolicy: RestartPolicy(host["RestartPolicy"]),
            exitCode: Int(state?["ExitCode"]?.integer ?? 0),
            restartCount: Int(stored["RestartCount"]?.integer ?? 0),
            hasBeenStartedBefore: stored["HasBeenStartedBefore"]?.bool ?? false,
            hasBeenManuallyStopped: stored["HasBeenManuallyStopped"]?.bool ?? false,
            networks: endpoints, mounts: mounts, config: config, hostConfig: host, directory: directory)
    }

    private static func read(_ path: String, container: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? (error as NSError).localizedDescription : "no such file"
            throw ContainerCarryError.containerFileUnreadable(container: container, path: path, reason: reason)
        }
    }

    private static func json(_ data: Data, container: String, path: String) throws -> EngineJSON {
        do {
            return try JSONDecoder().decode(EngineJSON.self, from: data)
        } catch {
            throw ContainerCarryError.containerFileCorrupt(
                container: container, path: path, reason: "not valid JSON: \(error)")
        }
    }
}
