import DockerEngine

/// Compares a container as it was (its snapshot) with the container recreated from it (`docker inspect`).
///
/// Every Config and HostConfig field is compared, so a field nobody thought of still shows up; only what the
/// daemon regenerates is set aside: the default hostname (the short ID), the short-ID network alias, addresses
/// it assigns, and references to other containers by ID (compared by name). Unset values (`null`, `[]`,
/// `{}`, `""`, `false`, `0`) count as equal, as they do for the daemon.
public enum ContainerComparison {
    /// `imageReference` and `imageID` are what the container is expected to run on when not the snapshot's own
    /// (a committed image); `containerNames` maps container IDs of both daemons to names, for `container:<id>`.
    public static func compare(
        before: ContainerSnapshot, after: EngineContainerInspection, imageReference: String? = nil,
        imageID: String? = nil, containerNames: [String: String] = [:]
    ) -> [ContainerDifference] {
        var differences: [ContainerDifference] = []
        func note(_ field: String, _ old: String, _ new: String) {
            if old != new { differences.append(ContainerDifference(field: field, before: old, after: new)) }
        }
        note("name", before.name, after.name)
        note("image", imageID ?? before.imageID, after.imageID)
        note("image reference", imageReference ?? before.imageReference, after.imageReference ?? "")
        note("running", "\(before.shouldRun)", "\(after.running)")
        differences += compareConfig(before: before, after: after)
        differences += compareHostConfig(before: before, after: after, names: containerNames)
        differences += compareNetworks(before: before, after: after)
        differences += compareMounts(before: before.mounts, after: after.mounts.map(ContainerMount.init(inspected:)))
        return differences
    }

    private static func compareConfig(before: ContainerSnapshot, after: EngineContainerInspection)
        -> [ContainerDifference]
    {
        var differences = compareFields(
            "Config", before.config, after.config, skipping: ["Image", "Hostname"])
        let sharesNetwork = ContainerSnapshot.containerModePeer(before.networkMode) != nil
        let oldHostname = before.config["Hostname"]?.string ?? ""
        let newHostname = after.config["Hostname"]?.string ?? ""
        let bothDefault = oldHostname == before.defaultHostname && newHostname == String(after.id.prefix(12))
        if !sharesNetwork && !bothDefault && oldHostname != newHostname {
            differences.append(ContainerDifference(field: "Config.Hostname", before: oldHostname, after: newHostname))
        }
        return differences
    }

    private static func compareHostConfig(
        before: ContainerSnapshot, after: EngineContainerInspection, names: [String: String]
    ) -> [ContainerDifference] {
        let referencing = ["NetworkMode", "IpcMode", "PidMode", "VolumesFrom", "Links", "Binds", "Mounts"]
        var differences = compareFields("HostConfig", before.hostConfig, after.hostConfig, skipping: Set(referencing))
        func name(_ reference: String) -> String {
            if let name = names[reference] { return name }
            let prefixed = names.filter { $0.key.hasPrefix(reference) && reference.count >= 12 }
            return prefixed.count == 1 ? prefixed.first?.value ?? reference : reference
        }
        func mode(_ value: EngineJSON?) -> String {
            let text = value?.string ?? ""
            return ContainerSnapshot.containerModePeer(text).map { "container:" + name($0) } ?? text
        }
        for key in ["NetworkMode", "IpcMode", "PidMode"] {
            let old = mode(before.hostConfig[key])
            let new = mode(after.hostConfig[key])
            if old != new {
                differences.append(ContainerDifference(field: "HostConfig.\(key)", before: old, after: new))
            }
        }
        func volumesFrom(_ value: EngineJSON?) -> [String] {
            (value?.strings ?? []).map { entry in
                let peer = ContainerSnapshot.volumesFromPeer(entry)
                return name(peer) + entry.dropFirst(peer.count)
            }.sorted()
        }
        addIfDifferent(
            &differences, "HostConfig.VolumesFrom", volumesFrom(before.hostConfig["VolumesFrom"]),
            volumesFrom(after.hostConfig["VolumesFrom"]))
        // On user-defined networks links live in the endpoint (compared there); inspect shows none here.
        let mode = before.networkMode
        if mode == "default" || mode == "bridge" || mode.isEmpty {
            func links(_ value: EngineJSON?) -> [String] {
                (value?.strings ?? []).map { RecreateRequest.normalizedLink($0, rename: name) }.sorted()
            }
            addIfDifferent(
                &differences, "HostConfig.Links", links(before.hostConfig["Links"]), links(after.hostConfig["Links"]))
        }
        // Anonymous volumes are named in Binds on recreation; the mount comparison covers them.
        let anonymous = Set(before.mounts.filter(\.isAnonymous).map(\.destination))
        func binds(_ value: EngineJSON?) -> [String] {
            (value?.strings ?? []).filter { bind in
                let parts = bind.split(separator: ":").map(String.init)
                return !(parts.count >= 2 && anonymous.contains(parts[1]))
            }.sorted()
        }
        addIfDifferent(
            &differences, "HostConfig.Binds", binds(before.hostConfig["Binds"]), binds(after.hostConfig["Binds"]))
        func mounts(_ value: EngineJSON?) -> [EngineJSON] {
            (value?.array ?? []).filter { !anonymous.contains($0["Target"]?.string ?? "") }.map(normalized)
        }
        if mounts(before.hostConfig["Mounts"]) != mounts(after.hostConfig["Mounts"]) {
            differences.append(
                ContainerDifference(
                    field: "HostConfig.Mounts", before: "\(before.hostConfig["Mounts"] ?? .null)",
                    after: "\(after.hostConfig["Mounts"] ?? .null)"))
        }
        return differences
    }

    private static func compareNetworks(before: ContainerSnapshot, after: EngineContainerInspection)
        -> [ContainerDifference]
    {
        var differences: [ContainerDifference] = []
        let afterEndpoints = after.networks.map { ContainerEndpoint(network: $0.key, settings: $0.value) }
        addIfDifferent(
            &differences, "networks", before.networks.map(\.network).sorted(), afterEndpoints.map(\.network).sorted())
        for old in before.networks {
            guard let new = afterEndpoints.first(where: { $0.network == old.network }) else { continue }
            let field = "network \(old.network)"
            addIfDifferent(
                &differences, "\(field) aliases", old.chosenAliases(containerID: before.id).sorted(),
                new.chosenAliases(containerID: after.id).sorted())
            addIfDifferent(
                &differences, "\(field) static addresses",
                [old.ipv4Address ?? "", old.ipv6Address ?? ""] + old.linkLocalIPs.sorted(),
                [new.ipv4Address ?? "", new.ipv6Address ?? ""] + new.linkLocalIPs.sorted())
            addIfDifferent(&differences, "\(field) links", old.links.sorted(), new.links.sorted())
            addIfDifferent(
                &differences, "\(field) driver options", old.driverOptions.map { "\($0)=\($1)" }.sorted(),
                new.driverOptions.map { "\($0)=\($1)" }.sorted())
        }
        return differences
    }

    private static func compareMounts(before: [ContainerMount], after: [ContainerMount]) -> [ContainerDifference] {
        var differences: [ContainerDifference] = []
        let destinations = Set(before.map(\.destination)).union(after.map(\.destination)).sorted()
        for destination in destinations {
            let old = before.first { $0.destination == destination }
            let new = after.first { $0.destination == destination }
            let same =
                old?.type == new?.type && old?.volumeName == new?.volumeName && old?.bindSource == new?.bindSource
                && old?.readWrite == new?.readWrite
            if !same {
                differences.append(
                    ContainerDifference(
                        field: "mount \(destination)", before: old?.description ?? "none",
                        after: new?.description ?? "none"))
            }
        }
        return differences
    }

    // MARK: - Values

    /// One difference per top-level field of two objects whose normalized values differ.
    static func compareFields(_ prefix: String, _ old: EngineJSON, _ new: EngineJSON, skipping: Set<String>)
        -> [ContainerDifference]
    {
        let oldFields = old.object ?? [:]
        let newFields = new.object ?? [:]
        let keys = Set(oldFields.keys).union(newFields.keys).subtracting(skipping).sorted()
        return keys.compactMap { key in
            let oldValue = normalized(oldFields[key] ?? .null)
            let newValue = normalized(newFields[key] ?? .null)
            guard oldValue != newValue else { return nil }
            return ContainerDifference(field: "\(prefix).\(key)", before: "\(oldValue)", after: "\(newValue)")
        }
    }

    /// Unset members dropped from objects at every depth, and an unset value itself as `null`.
    static func normalized(_ value: EngineJSON) -> EngineJSON {
        switch value {
        case .object(let fields):
            let kept = fields.mapValues(normalized).filter { $0.value != .null }
            return kept.isEmpty ? .null : .object(kept)
        case .array(let elements):
            return elements.isEmpty ? .null : .array(elements.map(normalized))
        default:
            return value.isUnset ? .null : value
        }
    }

    private static func addIfDifferent(
        _ differences: inout [ContainerDifference], _ field: String, _ old: [String], _ new: [String]
    ) {
        if old != new {
            differences.append(
                ContainerDifference(
                    field: field, before: "[" + old.joined(separator: ", ") + "]",
                    after: "[" + new.joined(separator: ", ") + "]"))
        }
    }
}
