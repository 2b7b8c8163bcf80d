import DockerState
import HostSystem
import Inventory
import LayerArchive

/// Turns an inventory and the operator's choices into an `ExportPlan`.
public struct ExportPlanner: Sendable {
    /// Drivers whose layer files sit in plain directories the tar-split can be replayed over.
    public static let diskReadableDrivers: Set<String> = ["overlay2", "overlay", "vfs"]
    /// devicemapper layers are read from the stopped pool (`PoolFiles`: through libdevmapper or from its files): with
    /// the daemon running, `auto` takes the daemon.
    public static let poolReadableDrivers: Set<String> = ["devicemapper"]

    public let inventory: HostInventory
    public let hostRoot: HostRoot

    public init(inventory: HostInventory, hostRoot: HostRoot) {
        self.inventory = inventory
        self.hostRoot = hostRoot
    }

    public func plan(options: ExportOptions) throws -> ExportPlan {
        let driver = inventory.docker.storageDriver ?? "unknown"
        let source = try resolveSource(options.source, driver: driver)
        let layout = DataRootLayout(root: hostRoot.resolve(inventory.docker.dataRoot), driver: driver)
        let selected = try select(options.selection)
        let selectedIDs = Set(selected.map(\.id))

        var images: [ExportPlan.Image] = []
        var layers: [Digest: ExportPlan.Layer] = [:]
        var order: [Digest] = []
        var needers: [Digest: [String]] = [:]
        var notExported: [ExportManifest.NotExported] = []
        for image in selected {
            if let reason = unexportableReason(image, source: source, layout: layout) {
                notExported.append(.init(image: image.id.description, tags: image.tags, reason: reason))
                continue
            }
            images.append(
                ExportPlan.Image(
                    entry: image, configPath: "\(layout.imageContent)/\(image.id.hex)",
                    exportedParent: image.parent.flatMap { selectedIDs.contains($0) ? $0 : nil }))
            for layer in image.layers {
                needers[layer.diffID, default: []].append(image.tags.first ?? image.id.short)
                guard layers[layer.diffID] == nil else { continue }
                order.append(layer.diffID)
                layers[layer.diffID] = ExportPlan.Layer(
                    diffID: layer.diffID, chainID: layer.chainID, tarSize: layer.tarSize,
                    tarSplitPath: "\(layout.layers)/\(layer.chainID.hex)/tar-split.json.gz",
                    layerRoot: layer.cacheID.map { layout.layerLocation(cacheID: $0) }, cacheID: layer.cacheID,
                    neededBy: [])
            }
        }
        images = ExportPlan.Image.keepingParents(within: images)
        let planned = order.compactMap { diffID -> ExportPlan.Layer? in
            guard let layer = layers[diffID] else { return nil }
            return ExportPlan.Layer(
                diffID: layer.diffID, chainID: layer.chainID, tarSize: layer.tarSize, tarSplitPath: layer.tarSplitPath,
                layerRoot: layer.layerRoot, cacheID: layer.cacheID, neededBy: needers[diffID] ?? [])
        }
        return ExportPlan(
            images: images, layers: planned, notExported: notExported, source: source,
            dataRoot: inventory.docker.dataRoot, storageDriver: driver, poolName: inventory.pool?.poolName)
    }

    private func resolveSource(_ asked: ExportOptions.Source, driver: String) throws -> ExportOptions.Source {
        switch asked {
        case .disk:
            guard Self.diskReadableDrivers.contains(driver) || Self.poolReadableDrivers.contains(driver) else {
                throw ExportError.diskSourceUnsupported(driver: driver)
            }
            return .disk
        case .daemon:
            guard inventory.docker.daemonRunning else {
                throw ExportError.daemonRequired(reason: inventory.docker.daemonNote ?? "the daemon did not answer")
            }
            return .daemon
        case .auto:
            if Self.diskReadableDrivers.contains(driver) { return .disk }
            if inventory.docker.daemonRunning { return .daemon }
            if Self.poolReadableDrivers.contains(driver) { return .disk }
            throw ExportError.diskSourceUnsupported(driver: driver)
        }
    }

    private func select(_ selection: ExportOptions.Selection) throws -> [ImageEntry] {
        switch selection {
        case .tagged:
            return inventory.images.filter { !$0.tags.isEmpty || !$0.repoDigests.isEmpty }
        case .all:
            return inventory.images
        case .references(let references):
            var chosen: [ImageEntry] = []
            for reference in references {
                guard let image = match(reference) else { throw ExportError.unknownReference(reference) }
                if !chosen.contains(where: { $0.id == image.id }) { chosen.append(image) }
            }
            return chosen
        }
    }

    /// Matches Docker's ways of naming an image: a tag (`busybox` means `busybox:latest`), a digest reference,
    /// or an ID, full or abbreviated to at least 12 hex digits.
    private func match(_ reference: String) -> ImageEntry? {
        let withTag = reference.contains(":") || reference.contains("@") ? reference : reference + ":latest"
        if let image = inventory.images.first(where: { $0.tags.contains(withTag) || $0.repoDigests.contains(reference) }
        ) {
            return image
        }
        let hex = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        guard hex.count >= 12, hex.allSatisfy(\.isHexDigit) else { return nil }
        let candidates = inventory.images.filter { $0.id.hex.hasPrefix(hex.lowercased()) }
        return candidates.count == 1 ? candidates[0] : nil
    }

    private func unexportableReason(_ image: ImageEntry, source: ExportOptions.Source, layout: DataRootLayout)
        -> String?
    {
        guard image.configSize != nil else { return "its config is missing from \(layout.imageContent)" }
        for layer in image.layers {
            if layer.cacheID == nil {
                return "layer \(layer.diffID) is missing from layerdb"
            }
            if source == .disk && layer.tarSize == nil {
                return "layer \(layer.diffID) has no readable tar-split.json.gz, so it cannot be rebuilt from disk; "
                    + "export it with --source daemon while the daemon runs"
            }
        }
        return nil
    }
}
