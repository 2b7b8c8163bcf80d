import DockerEngine
import DockerState
import Foundation
import HostConfig
import HostSystem

/// Builds an `Inventory`: from the running daemon when it answers (online), else from the data root on disk
/// (offline). Layer details (cache-ids, exact tar sizes) always come from disk, so both modes agree.
public struct InventoryBuilder: Sendable {
    public let options: InventoryOptions

    public init(options: InventoryOptions) {
        self.options = options
    }

    public func build() async throws -> HostInventory {
        let hostRoot = options.hostRoot
        let configuration = try DockerConfigurationReader.read(hostRoot: hostRoot)
        var problems: [StateProblem] = configurationProblems(configuration)

        var client: EngineClient?
        var daemonNote: String?
        var info: EngineInfo?
        var version: EngineVersion?
        do {
            (client, daemonNote) = try await connectIfPossible()
            info = try await client?.info()
            version = try await client?.version()
        } catch let error as EngineError {
            daemonNote = try hungDaemonNote(error, problems: &problems)
            (client, info, version) = (nil, nil, nil)
        }

        let dataRoot = resolveDataRoot(
            daemonRoot: info?.DockerRootDir, configuration: configuration, problems: &problems)
        let reader = try DataRootReader(root: hostRoot.resolve(dataRoot))
        let (driver, driverSource) = try resolveDriver(
            daemonDriver: info?.Driver, configuration: configuration, reader: reader, dataRoot: dataRoot)

        let layers = try reader.layers(driver: driver, problems: &problems)
        let catalog = LayerCatalog(layers: layers, problems: &problems)
        var state: CollectedState?
        if let online = client {
            // Problems of a collection that is abandoned half-way are not kept: the offline one finds them again.
            var onlineProblems = problems
            do {
                state = try await OnlineCollector(
                    client: online, hostRoot: hostRoot, layout: reader.layout(driver: driver), reader: reader,
                    driver: driver
                ).collect(catalog: catalog, problems: &onlineProblems)
                problems = onlineProblems
            } catch let error as EngineError {
                daemonNote = try hungDaemonNote(error, problems: &problems)
                (client, info) = (nil, nil)
            }
        }
        var collected: CollectedState
        if let state {
            collected = state
        } else {
            collected = try OfflineCollector(reader: reader, driver: driver, hostRoot: hostRoot)
                .collect(catalog: catalog, problems: &problems)
        }
        reportOrphans(catalog: catalog, state: collected, reader: reader, driver: driver, problems: &problems)

        var pool: PoolSummary?
        if driver == "devicemapper" {
            let findings = try await PoolInspector(
                hostRoot: hostRoot, dataRoot: dataRoot, reader: reader,
                storageOptions: configuration.storageOptions.flatMap { $0.values },
                daemonInfo: info
            ).inspect(problems: &problems)
            var summary = findings.summary
            let (allocations, allocation) = await PoolAllocationReader(findings: findings).read()
            summary.allocation = allocation
            if let allocations, let records = try reader.deviceMapperMetadata() {
                allocations.apply(to: &collected, records: records, mountIDs: collected.mountIDs)
            }
            pool = summary
        }

        let (installedVersion, versionSource) = try await dockerVersion(daemon: version)
        let docker = DockerSummary(
            version: installedVersion, versionSource: versionSource, apiVersion: client?.apiVersion.description,
            daemonRunning: client != nil, daemonNote: daemonNote, dataRoot: dataRoot, storageDriver: driver,
            storageDriverSource: driverSource,
            storageOptions: configuration.storageOptions.flatMap { setting in
                setting.values.map { DockerSummary.StorageOption(option: $0, source: setting.source) }
            },
            configuration: configuration)
        return HostInventory(
            generatedAt: ISO8601DateFormatter().string(from: Date()), mode: client == nil ? .offline : .online,
            hostRoot: hostRoot.description, docker: docker, pool: pool,
            images: collected.images.sorted { ($0.tags.first ?? "~", $0.id) < ($1.tags.first ?? "~", $1.id) },
            containers: collected.containers.sorted { $0.name < $1.name },
            volumes: collected.volumes.sorted { $0.name < $1.name },
            totals: InventoryTotals.compute(state: collected),
            problems: problems)
    }

    /// A daemon on the default socket that accepts but does not answer (a full devicemapper pool makes dockerd
    /// hang on anything that mounts a device) does not stop the inventory: it goes on from disk, as offline, and
    /// says so. Any other failure, or one of an explicit --host, is an error.
    private func hungDaemonNote(_ error: EngineError, problems: inout [StateProblem]) throws -> String {
        guard case .noAnswer(let socket, let seconds) = error, options.host == nil else { throw error }
        let note =
            "the daemon at \(socket) accepted the connection but did not answer within \(seconds) s; "
            + "everything was read from disk instead (as with --offline)"
        problems.append(
            StateProblem(
                severity: .warning, code: "daemon-not-answering", subject: socket,
                message: note + ". A full devicemapper pool makes dockerd hang this way: see the pool's health below"))
        return note
    }

    // MARK: - Steps

    /// Connects unless told not to. A missing or refusing default socket means "daemon down": go offline.
    /// An explicit --host that fails is an error; a daemon that accepts but does not answer is `hungDaemonNote`'s.
    private func connectIfPossible() async throws -> (EngineClient?, String?) {
        if options.offline { return (nil, "--offline: the daemon was not asked") }
        let endpoint = try options.endpoint()
        do {
            return (try await EngineClient.connect(to: endpoint, timeoutSeconds: options.timeoutSeconds), nil)
        } catch let error as EngineError {
            switch error {
            case .socketMissing, .daemonNotListening:
                if options.host != nil { throw error }
                return (nil, "the daemon is not running (\(endpoint)); everything was read from disk")
            default:
                throw error
            }
        }
    }

    private func resolveDataRoot(
        daemonRoot: String?, configuration: DockerConfiguration, problems: inout [StateProblem]
    ) -> String {
        if let daemonRoot {
            let hostPath = options.hostRoot.hostPath(of: daemonRoot)
            if let asked = options.dataRoot, HostRootPath.normalized(asked) != HostRootPath.normalized(hostPath) {
                problems.append(
                    StateProblem(
                        severity: .warning, code: "data-root-mismatch", subject: asked,
                        message: "--data-root \(asked) differs from the running daemon's data root \(hostPath); "
                            + "the daemon's is used"))
            }
            return hostPath
        }
        return options.dataRoot ?? configuration.dataRoot
    }

    private func resolveDriver(
        daemonDriver: String?, configuration: DockerConfiguration, reader: DataRootReader, dataRoot: String
    ) throws -> (String, String) {
        if let daemonDriver { return (daemonDriver, "daemon") }
        if let configured = configuration.storageDriver { return (configured, "configuration") }
        // Docker itself picks the driver whose state exists; the most recently used image store is the best guess.
        guard let found = try reader.imageStoreDrivers().first else {
            throw InventoryError.noStorageDriver(dataRoot: dataRoot)
        }
        return (found, "image-store")
    }

    private func configurationProblems(_ configuration: DockerConfiguration) -> [StateProblem] {
        var problems = configuration.conflicts.map {
            StateProblem(severity: .error, code: "config-conflict", subject: $0.key, message: $0.message)
        }
        problems += configuration.problems.map {
            StateProblem(
                severity: $0.severity == .error ? .error : .warning, code: "config-problem",
                subject: $0.path ?? "configuration", message: $0.message)
        }
        return problems
    }

    private func reportOrphans(
        catalog: LayerCatalog, state: CollectedState, reader: DataRootReader, driver: String,
        problems: inout [StateProblem]
    ) {
        var used = Set(state.images.flatMap { $0.layers.map(\.chainID) })
        // Containers stand on their image's top layer, which the image's chain already covers.
        for container in state.containers {
            if let image = state.images.first(where: { $0.id == container.imageID }), let top = image.layers.last {
                used.insert(top.chainID)
            }
        }
        for orphan in catalog.orphans(usedChains: used) {
            problems.append(
                StateProblem(
                    severity: .warning, code: "orphan-layer", subject: orphan.chainID.description,
                    message: "layer \(orphan.diffID) (cache-id \(orphan.cacheID)) belongs to no image or container; "
                        + "it will not be carried"))
        }
    }

    /// The daemon's version, or else the installed dockerd binary's (`dockerd --version`).
    private func dockerVersion(daemon: EngineVersion?) async throws -> (String?, String?) {
        if let daemon { return (daemon.Version, "daemon") }
        for candidate in [
            "/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/bin/dockerd-current", "/usr/local/bin/dockerd",
        ] {
            let path = options.hostRoot.resolve(candidate)
            guard FileManager.default.isExecutableFile(atPath: path) else { continue }
            let result = try await CommandRunner().run(Command(path, ["--version"]))
            guard result.succeeded, let version = DockerdVersion.parse(result.standardOutput) else { continue }
            return (version, "binary \(candidate)")
        }
        return (nil, nil)
    }
}
