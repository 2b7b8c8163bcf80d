import DockerEngine

/// Containers that a container names in its host config: they must exist before it is created.
extension ContainerSnapshot {
    public struct PeerReference: Sendable, Hashable, CustomStringConvertible {
        /// How the container uses the peer, worded for messages ("shares the network of").
        public let role: String
        /// The name or ID as recorded.
        public let reference: String

        public var description: String { "\(role) \(reference)" }
    }

    /// `container:<id>` network, IPC and PID modes, `--volumes-from`, and links, in that order.
    public var peerReferences: [PeerReference] {
        var references: [PeerReference] = []
        let modes = [
            ("NetworkMode", "shares the network of"), ("IpcMode", "shares the IPC namespace of"),
            ("PidMode", "shares the PID namespace of"),
        ]
        for (key, role) in modes {
            if let peer = Self.containerModePeer(hostConfig[key]?.string) {
                references.append(PeerReference(role: role, reference: peer))
            }
        }
        for entry in hostConfig["VolumesFrom"]?.strings ?? [] {
            references.append(PeerReference(role: "takes volumes from", reference: Self.volumesFromPeer(entry)))
        }
        let links = (hostConfig["Links"]?.strings ?? []) + networks.flatMap(\.links)
        for link in links {
            references.append(PeerReference(role: "links to", reference: Self.linkTarget(link)))
        }
        var seen = Set<PeerReference>()
        return references.filter { seen.insert($0).inserted }
    }

    /// The snapshot among `peers` that `reference` (a name, a full ID or an ID prefix) names.
    public static func resolve(_ reference: String, among peers: [ContainerSnapshot]) -> ContainerSnapshot? {
        let name = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
        if let exact = peers.first(where: { $0.id == reference || $0.name == name }) { return exact }
        guard !reference.isEmpty, reference.allSatisfy(\.isHexDigit) else { return nil }
        let matches = peers.filter { $0.id.hasPrefix(reference) }
        return matches.count == 1 ? matches.first : nil
    }

    /// `snapshots` ordered so that every container comes after the containers it names; otherwise (and for
    /// references to containers not in the list) the given order is kept.
    public static func creationOrder(_ snapshots: [ContainerSnapshot]) -> [ContainerSnapshot] {
        var ordered: [ContainerSnapshot] = []
        var placed = Set<String>()
        var visiting = Set<String>()
        func place(_ snapshot: ContainerSnapshot) {
            guard !placed.contains(snapshot.id), visiting.insert(snapshot.id).inserted else { return }
            for reference in snapshot.peerReferences {
                if let peer = resolve(reference.reference, among: snapshots), peer.id != snapshot.id { place(peer) }
            }
            visiting.remove(snapshot.id)
            if placed.insert(snapshot.id).inserted { ordered.append(snapshot) }
        }
        snapshots.forEach(place)
        return ordered
    }

    /// `container:<ref>` -> `ref`.
    static func containerModePeer(_ mode: String?) -> String? {
        guard let mode, mode.hasPrefix("container:") else { return nil }
        let peer = String(mode.dropFirst("container:".count))
        return peer.isEmpty ? nil : peer
    }

    /// `name[:ro|:rw]` -> `name`.
    static func volumesFromPeer(_ entry: String) -> String {
        for suffix in [":ro", ":rw"] where entry.hasSuffix(suffix) { return String(entry.dropLast(suffix.count)) }
        return entry
    }

    /// `name:alias`, `name`, or the daemon's own `/name:/container/alias` -> `name`.
    static func linkTarget(_ link: String) -> String {
        let target = link.split(separator: ":", maxSplits: 1).first.map(String.init) ?? link
        return target.hasPrefix("/") ? String(target.dropFirst()) : target
    }
}
