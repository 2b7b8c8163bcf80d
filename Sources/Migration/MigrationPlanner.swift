import DirectLVM
import Foundation
import HostConfig
import HostSystem
import ImageExport
import Inventory
import Preflight
import StorageSwitch

/// Resolves a playbook against this host into a `MigrationPlan`. Reads only: nothing on the host changes.
public struct MigrationPlanner: Sendable {
    public let options: MigrationOptions

    public init(options: MigrationOptions) {
        self.options = options
    }

    public func plan(now: Date = Date()) async throws -> MigrationPlan {
        let hostRoot = options.storage.inventory.hostRoot
        let inventory = try await InventoryBuilder(options: options.storage.inventory).build()
        let configuration = inventory.docker.configuration
        let daemonJSON = FileManager.default.contents(atPath: hostRoot.resolve(configuration.configFile))
        let fingerprint = HostFingerprint(inventory: inventory, daemonJSONBytes: daemonJSON)
        let runID = String(fingerprint.digest.prefix(12))
        let exportDirectory = options.exportDirectory ?? "\(StorageSwitchOptions.defaultStateDirectory)/export-\(runID)"

        var storage = options.storage
        storage.exportDirectory = exportDirectory
        let switchPlan = try await StorageSwitchPlanner(options: storage).plan(inventory: inventory)
        // The migration carries images and containers; the switch's warning that it does not is not for us.
        let preflight = switchPlan.preflight.filter { $0.id != "switch.images-not-carried" }

        let images = inventory.images.map { image in
            PlannedImage(
                id: image.id.description, tags: image.tags, repoDigests: image.repoDigests,
                diffIDs: image.layers.map(\.diffID.description), bytes: image.tarSize ?? 0, committedFrom: nil)
        }
        let containers = inventory.containers.map(plannedContainer)
        let host = PlannedHost(
            hostRoot: hostRoot.description, hostname: ProcessInfo.processInfo.hostName,
            socket: try options.storage.inventory.endpoint().socketPath, dataRoot: inventory.docker.dataRoot,
            dockerVersion: inventory.docker.version, sourceDriver: inventory.docker.storageDriver,
            configFile: configuration.configFile, daemonWasRunning: inventory.docker.daemonRunning)

        var plan = MigrationPlan(
            formatVersion: MigrationPlan.currentFormatVersion, createdAt: MigrationClock.string(from: now),
            drivershiftVersion: DriverShiftVersion.current, playbook: options.playbook.name, host: host,
            fingerprint: fingerprint, target: switchPlan.target, device: options.storage.device,
            forceDevice: options.storage.forceDevice,
            exportDirectory: exportDirectory,
            stateDirectory: "\(StorageSwitchOptions.defaultStateDirectory)/runs/\(runID)",
            daemonControl: switchPlan.daemonControl, daemonLogPath: options.storage.daemonLogPath,
            containerPolicy: options.containerPolicy, onFailure: options.onFailure, images: images,
            containers: containers,
            volumes: inventory.volumes.map { PlannedVolume(name: $0.name, mountpoint: $0.mountpoint, bytes: $0.bytes) },
            notCarried: notCarried(containers: containers, inventory: inventory), preflight: preflight,
            space: spaceNeeds(inventory: inventory, exportDirectory: exportDirectory, hostRoot: hostRoot),
            fileEdits: switchPlan.fileEdits, provisioning: switchPlan.provisioning, steps: [],
            estimate: DurationEstimate(totalSeconds: 0, downtimeSeconds: 0, basis: ""))
        plan.steps = PlannedStepDescriber(plan: plan, switchPlan: switchPlan).describe(options.playbook)
        plan.estimate = DurationEstimator.estimate(plan)
        return plan
    }

    func plannedContainer(_ entry: ContainerEntry) -> PlannedContainer {
        // Unknown writable-layer size counts as changed: committing costs time, losing data costs more.
        let changed = (entry.writableLayerBytes ?? 1) > 0
        let committed = "drivershift/committed:" + Self.tagSafe(entry.name)
        let action: PlannedContainer.Action
        switch (options.containerPolicy, changed) {
        case (.recreate, false): action = .recreate
        case (.recreate, true): action = .commitAndRecreate
        case (.commitOnly, true): action = .commitOnly
        case (.commitOnly, false), (.skip, _): action = .skip
        }
        return PlannedContainer(
            id: entry.id, name: entry.name, image: entry.image, imageID: entry.imageID?.description, state: entry.state,
            writableLayerBytes: entry.writableLayerBytes, action: action,
            committedImage: action == .commitAndRecreate || action == .commitOnly ? committed : nil)
    }

    func notCarried(containers: [PlannedContainer], inventory: HostInventory) -> [NotCarriedItem] {
        var items: [NotCarriedItem] = []
        for container in containers {
            switch container.action {
            case .skip:
                items.append(
                    NotCarriedItem(
                        kind: "container", name: container.name,
                        reason: options.containerPolicy == .skip
                            ? "the container policy is skip" : "commit-only: it has no writable-layer changes to keep"))
            case .commitOnly:
                items.append(
                    NotCarriedItem(
                        kind: "container", name: container.name,
                        reason: "commit-only: its changes are kept as \(container.committedImage ?? "an image"), "
                            + "the container itself is not created again"))
            case .recreate, .commitAndRecreate:
                break
            }
        }
        for problem in inventory.problems where problem.severity == .error {
            items.append(NotCarriedItem(kind: "problem", name: problem.subject, reason: problem.message))
        }
        return items
    }

    func spaceNeeds(inventory: HostInventory, exportDirectory: String, hostRoot: HostRoot) -> [SpaceNeed] {
        let exportBytes = inventory.totals.exportBytesAll
        return [
            SpaceNeed(
                purpose: "export store (every layer once)", path: exportDirectory, neededBytes: exportBytes,
                freeBytes: FreeSpace.available(near: hostRoot.resolve(exportDirectory))),
            // dockerd stages a load under <data-root>/tmp and then unpacks it: the tar once more, plus the files.
            SpaceNeed(
                purpose: "new layers plus dockerd's load staging", path: inventory.docker.dataRoot,
                neededBytes: inventory.totals.uniqueLayerBytes + exportBytes,
                freeBytes: FreeSpace.available(near: hostRoot.resolve(inventory.docker.dataRoot))),
        ]
    }

    static func tagSafe(_ name: String) -> String {
        let allowed = name.lowercased().map {
            $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-"
        }
        return String(String(allowed).trimmingCharacters(in: CharacterSet(charactersIn: "-.")).prefix(120))
    }
}
