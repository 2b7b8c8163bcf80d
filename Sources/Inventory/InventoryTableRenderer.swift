import DockerState
import HostConfig

/// The inventory for people: sections in the order an operator reads them, problems last and loud.
public struct InventoryTableRenderer {
    public init() {}

    public func render(_ inventory: HostInventory) -> String {
        var out: [String] = []
        out.append(dockerSection(inventory))
        if let pool = inventory.pool { out.append(poolSection(pool)) }
        out.append(imageSection(inventory))
        out.append(containerSection(inventory))
        out.append(volumeSection(inventory))
        out.append(spaceSection(inventory.totals))
        out.append(problemSection(inventory.problems))
        return out.joined(separator: "\n\n") + "\n"
    }

    private func dockerSection(_ inventory: HostInventory) -> String {
        let docker = inventory.docker
        var lines = [
            "DOCKER (\(inventory.mode.rawValue)\(inventory.hostRoot == "/" ? "" : ", host root \(inventory.hostRoot)"))"
        ]
        var version = docker.version ?? "unknown"
        if let source = docker.versionSource { version += " (from \(source))" }
        if let api = docker.apiVersion { version += ", API \(api)" }
        lines.append("  Version:        \(version)")
        lines.append(
            "  Daemon:         \(docker.daemonRunning ? "running" : "not asked") \(docker.daemonNote.map { "- \($0)" } ?? "")"
        )
        lines.append("  Data root:      \(docker.dataRoot)")
        lines.append(
            "  Storage driver: \(docker.storageDriver ?? "unknown") (from \(docker.storageDriverSource ?? "nowhere"))")
        if let source = docker.configuration.storageDriverSource {
            lines.append("                  configured in \(source)")
        }
        for option in docker.storageOptions {
            lines.append("  Storage option: \(option.option)  [\(option.source)]")
        }
        let found = docker.configuration.sources
        if found.isEmpty {
            lines.append("  Config sources: none (Docker's defaults)")
        } else {
            lines.append("  Config sources:")
            for source in found {
                lines.append("    \(source)\(source.inEffect ? "" : "  (not in effect)")")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func poolSection(_ pool: PoolSummary) -> String {
        var lines = ["DEVICEMAPPER POOL (\(pool.mode.rawValue))"]
        lines.append("  Pool name:      \(pool.poolName ?? "unknown")\(pool.poolNameSource.map { " (\($0))" } ?? "")")
        for (label, file) in [("Data file:", pool.dataFile), ("Metadata file:", pool.metadataFile)] {
            guard let file else { continue }
            let sizes =
                file.exists
                ? "\(ByteCount.format(file.apparentBytes)) apparent, \(ByteCount.format(file.allocatedBytes)) allocated"
                : "missing"
            lines.append("  \(label.padding(toLength: 15, withPad: " ", startingAt: 0)) \(file.path) (\(sizes))")
        }
        if let device = pool.thinPoolDevice { lines.append("  Thin pool:      \(device)") }
        lines.append(
            "  Base device:    \(ByteCount.format(pool.baseDeviceBytes)), \(pool.baseFilesystem ?? "unknown filesystem")"
        )
        lines.append("  Thin devices:   \(pool.thinDevices)")
        if let usage = pool.usage {
            lines.append(
                "  Data:           \(usageLine(usage.dataUsedBytes, usage.dataTotalBytes, usage.dataFreePercent)) (\(usage.source))"
            )
            lines.append(
                "  Metadata:       \(usageLine(usage.metadataUsedBytes, usage.metadataTotalBytes, usage.metadataFreePercent))"
            )
            if let health = usage.health {
                lines.append("  Health:         \(health)\(usage.needsCheck == true ? ", needs_check" : "")")
            }
        }
        if let reason = pool.liveStatusUnavailable { lines.append("  Live status:    unavailable: \(reason)") }
        if let allocation = pool.allocation {
            if let source = allocation.source {
                lines.append(
                    "  Allocated:      per device from \(source), blocks of \(ByteCount.format(allocation.blockSizeBytes)); "
                        + "blocks shared with lower layers count for each device")
            }
            if let reason = allocation.unavailable { lines.append("  Allocated:      \(reason)") }
        }
        return lines.joined(separator: "\n")
    }

    private func usageLine(_ used: UInt64?, _ total: UInt64?, _ freePercent: Double?) -> String {
        let free = freePercent.map { String(format: ", %.1f%% free", $0) } ?? ""
        return "\(ByteCount.format(used)) used of \(ByteCount.format(total))\(free)"
    }

    private func imageSection(_ inventory: HostInventory) -> String {
        let totals = inventory.totals
        var lines = ["IMAGES (\(totals.images): \(totals.taggedImages) tagged, \(totals.danglingImages) dangling)"]
        var table = TextTable("ID", "TAGS", "CREATED", "LAYERS", "SIZE", "TAR SIZE")
        for image in inventory.images {
            let tags =
                image.tags.isEmpty
                ? (image.dangling ? "<none> (dangling)" : image.intermediate ? "<none> (intermediate)" : "<none>")
                : image.tags.joined(separator: ", ")
            table.add(
                image.id.short, tags, String((image.created ?? "-").prefix(19)), "\(image.layers.count)",
                ByteCount.format(image.size), ByteCount.format(image.tarSize))
        }
        lines.append(table.render(indent: "  "))
        for image in inventory.images where !image.tags.isEmpty || !image.repoDigests.isEmpty {
            lines.append("")
            lines.append("  \(image.id.short) \(image.tags.first ?? image.repoDigests.first ?? "")")
            for digest in image.repoDigests { lines.append("    digest \(digest)") }
            let pooled = inventory.pool != nil
            var layers = TextTable(
                headers: ["DIFF ID", "CHAIN ID", "CACHE ID", "SIZE", "TAR SIZE"] + (pooled ? ["POOL ALLOCATED"] : []))
            for layer in image.layers {
                var cells = [
                    String(layer.diffID.description.prefix(19)), layer.chainID.short,
                    String((layer.cacheID ?? "-").prefix(16)), ByteCount.format(layer.size),
                    ByteCount.format(layer.tarSize),
                ]
                if pooled { cells.append(ByteCount.format(layer.allocatedBytes)) }
                layers.add(cells)
            }
            lines.append(layers.render(indent: "    "))
        }
        return lines.joined(separator: "\n")
    }

    private func containerSection(_ inventory: HostInventory) -> String {
        let pooled = inventory.pool != nil
        var table = TextTable(
            headers: ["NAME", "IMAGE", "STATE", "DRIVER", "WRITABLE LAYER"] + (pooled ? ["POOL ALLOCATED"] : []))
        for container in inventory.containers {
            var cells = [
                container.name, container.image ?? container.imageID?.short ?? "-", container.state,
                container.driver ?? "-", ByteCount.format(container.writableLayerBytes),
            ]
            if pooled { cells.append(ByteCount.format(container.writableLayerAllocatedBytes)) }
            table.add(cells)
        }
        return "CONTAINERS (\(inventory.containers.count))\n" + table.render(indent: "  ")
    }

    private func volumeSection(_ inventory: HostInventory) -> String {
        var table = TextTable("NAME", "DRIVER", "MOUNTPOINT", "SIZE")
        for volume in inventory.volumes {
            table.add(volume.name, volume.driver, volume.mountpoint, ByteCount.format(volume.bytes))
        }
        return "VOLUMES (\(inventory.volumes.count))\n" + table.render(indent: "  ")
    }

    private func spaceSection(_ totals: InventoryTotals) -> String {
        [
            "SPACE",
            "  Distinct layers:          \(totals.uniqueLayers) (\(ByteCount.format(totals.uniqueLayerBytes)), shared layers counted once)",
            "  Export of tagged images:  \(ByteCount.format(totals.exportBytesTagged))",
            "  Export of all images:     \(ByteCount.format(totals.exportBytesAll))",
            "  Volumes:                  \(ByteCount.format(totals.volumeBytes))",
        ].joined(separator: "\n")
    }

    private func problemSection(_ problems: [StateProblem]) -> String {
        guard !problems.isEmpty else { return "PROBLEMS: none found" }
        var lines = ["PROBLEMS (\(problems.count))"]
        for problem in problems.sorted(by: {
            ($0.severity == .error ? 0 : 1, $0.code) < ($1.severity == .error ? 0 : 1, $1.code)
        }) {
            lines.append("  \(problem.severity.rawValue.uppercased()) [\(problem.code)] \(problem.message)")
        }
        return lines.joined(separator: "\n")
    }
}
