import Inventory

/// What the switch does to what runs on the host: `containers.running`, `containers.writable-data` and
/// `images.unexportable`, all from the inventory.
struct WorkloadChecks: Sendable {
    static let runningTitle = "running containers"
    static let writableTitle = "containers with data in their writable layer"
    static let unexportableTitle = "images that cannot be exported"
    /// States in which a container has processes that stopping dockerd ends.
    static let liveStates: Set<String> = ["running", "restarting", "paused"]
    /// Inventory problems that mean an image's bytes cannot be rebuilt. Their subject is an image ID
    /// (`corrupt-image`, `layer-missing`) or a layer's chainID (the others).
    static let unexportableCodes: Set<String> = [
        "corrupt-image", "layer-missing", "layer-content-missing", "tar-split-missing", "tar-split-corrupt",
        "corrupt-layer",
    ]

    let inventory: HostInventory

    func runningCheck() -> PreflightCheck {
        let live = inventory.containers.filter { Self.liveStates.contains($0.state) }
        guard !live.isEmpty else {
            let note = inventory.mode == .offline ? " (the daemon is not running)" : ""
            return PreflightCheck(
                id: PreflightCheckID.containersRunning, title: Self.runningTitle, status: .ok,
                finding: "no container is running\(note)")
        }
        let names = live.map { $0.state == "running" ? $0.name : "\($0.name) (\($0.state))" }
        return PreflightCheck(
            id: PreflightCheckID.containersRunning, title: Self.runningTitle, status: .warning,
            finding: "\(count(live.count, "container")) will be stopped when dockerd stops: "
                + names.joined(separator: ", "),
            remedy: "plan the downtime; they come back after the switch only as the plan's container policy says")
    }

    func writableDataCheck() -> PreflightCheck {
        let changed = inventory.containers.filter { (writableBytes($0) ?? 0) > 0 }
        let unknown = inventory.containers.filter { writableBytes($0) == nil }
        guard !changed.isEmpty || !unknown.isEmpty else {
            return PreflightCheck(
                id: PreflightCheckID.containersWritableData, title: Self.writableTitle, status: .ok,
                finding: inventory.containers.isEmpty
                    ? "there are no containers" : "no container has changes in its writable layer")
        }
        var parts: [String] = []
        // devicemapper's figure is the pool blocks the container's device wrote since creation: the inventory does
        // not make dockerd mount each device to measure file changes, and mounting xfs itself writes a few MB.
        let thin = changed.filter { $0.driver == "devicemapper" }
        let files = changed.filter { $0.driver != "devicemapper" }
        if !files.isEmpty {
            let verb = files.count == 1 ? "holds" : "hold"
            parts.append("\(count(files.count, "container")) \(verb) changes: " + listed(files))
        }
        if !thin.isEmpty {
            parts.append(
                "\(count(thin.count, "devicemapper container")) wrote pool blocks since "
                    + "\(thin.count == 1 ? "it was" : "they were") created (changes, or only "
                    + "\(thin.count == 1 ? "its mounts" : "their mounts"), which write a few MB; devicemapper cannot "
                    + "tell without mounting \(thin.count == 1 ? "it" : "them")): " + listed(thin))
        }
        if !unknown.isEmpty {
            parts.append(
                "for \(count(unknown.count, "container")) the size could not be measured: "
                    + unknown.map(\.name).joined(separator: ", "))
        }
        return PreflightCheck(
            id: PreflightCheckID.containersWritableData, title: Self.writableTitle, status: .warning,
            finding: parts.joined(separator: "; "),
            remedy: "a writable layer does not move to the new driver: it is committed to an image or lost, as the "
                + "plan's container policy says; copy out what matters (`docker cp`) or keep it in volumes")
    }

    func unexportableCheck() -> PreflightCheck {
        var reasons: [String: String] = [:]
        var order: [String] = []
        func note(_ name: String, _ reason: String) {
            if reasons[name] == nil { order.append(name) }
            reasons[name] = reasons[name] ?? reason
        }
        for image in inventory.images {
            if image.configSize == nil { note(label(image), "its config is missing") }
            for layer in image.layers where layer.cacheID == nil {
                note(label(image), "layer \(layer.diffID.short) is missing from layerdb")
            }
            for layer in image.layers where layer.cacheID != nil && layer.tarSize == nil {
                note(label(image), "layer \(layer.diffID.short) has no readable tar-split")
            }
        }
        for problem in inventory.problems where Self.unexportableCodes.contains(problem.code) {
            let users = inventory.images.filter { image in
                image.id.description == problem.subject
                    || image.layers.contains { $0.chainID.description == problem.subject }
            }
            if users.isEmpty && problem.code == "corrupt-image" {
                note(problem.subject, "it cannot be read (\(problem.code))")
            }
            for image in users { note(label(image), problem.code) }
        }
        guard !order.isEmpty else {
            return PreflightCheck(
                id: PreflightCheckID.imagesUnexportable, title: Self.unexportableTitle, status: .ok,
                finding: "the inventory read all \(count(inventory.images.count, "image")) completely")
        }
        return PreflightCheck(
            id: PreflightCheckID.imagesUnexportable, title: Self.unexportableTitle, status: .warning,
            finding: "\(count(order.count, "image")) cannot be carried: "
                + order.map { "\($0) (\(reasons[$0] ?? "unreadable"))" }.joined(separator: ", "),
            remedy: "they are left behind and named in the report; pull or rebuild them after the switch, or export "
                + "them with `--source daemon` while the daemon still runs")
    }

    /// The writable layer's size; nil only offline, when the driver could not tell (the online inventory
    /// reads the daemon's omitted `SizeRw` as 0).
    private func writableBytes(_ container: ContainerEntry) -> UInt64? { container.writableLayerBytes }

    private func listed(_ containers: [ContainerEntry]) -> String {
        containers.map { "\($0.name) (\(ByteCount.format(writableBytes($0))))" }.joined(separator: ", ")
    }

    /// The first tag, else the short ID.
    private func label(_ image: ImageEntry) -> String {
        image.tags.first ?? image.repoDigests.first ?? image.id.short
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
