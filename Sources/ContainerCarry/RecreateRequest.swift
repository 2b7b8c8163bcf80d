import DockerEngine

/// What the daemon is sent to create a snapshot's container again. Pure: it can be shown in a plan and
/// checked without a daemon.
///
/// Config and HostConfig go back as recorded, except what dockerd regenerates or would now reject:
/// the default hostname (the old short ID), references to other containers by their old IDs, and, for a
/// container sharing another's network, what dockerd merged in from the image but refuses on create.
public struct RecreateRequest: Sendable {
    public struct NetworkJoin: Sendable, Hashable {
        public let network: String
        /// EndpointSettings: aliases, static addresses, links, driver options.
        public let settings: EngineJSON
    }

    public let name: String
    public let config: EngineJSON
    public let hostConfig: EngineJSON
    /// The network joined on create (through NetworkingConfig); nil in host, none and container network modes.
    public let primaryNetwork: NetworkJoin?
    /// Networks joined after create and before start, by name: the create call takes only one before API 1.44.
    public let additionalNetworks: [NetworkJoin]

    /// `imageReference` is what the new container is created from (a tag, an ID, or a committed image);
    /// references to other containers are rewritten to the names of `peers` they resolve to.
    public init(snapshot: ContainerSnapshot, imageReference: String, peers: [ContainerSnapshot] = []) {
        name = snapshot.name
        let rename = { (reference: String) -> String in
            ContainerSnapshot.resolve(reference, among: peers)?.name ?? reference
        }
        let sharesNetwork = ContainerSnapshot.containerModePeer(snapshot.networkMode) != nil

        var config = snapshot.config.setting("Image", to: .string(imageReference))
        if sharesNetwork || config["Hostname"]?.string == snapshot.defaultHostname {
            config = config.setting("Hostname", to: nil)
        }
        if sharesNetwork {
            // Merged in from the image's EXPOSE by the daemon, yet refused with a container network mode.
            config = config.setting("ExposedPorts", to: nil)
        }
        self.config = config
        self.hostConfig = Self.hostConfig(of: snapshot, rename: rename)

        let (primary, additional) = Self.networkJoins(of: snapshot)
        primaryNetwork = primary
        additionalNetworks = additional
    }

    /// The NetworkingConfig for the create call.
    public var networkingConfig: EngineJSON? {
        primaryNetwork.map { .object(["EndpointsConfig": .object([$0.network: $0.settings])]) }
    }

    /// Every network the container is attached to once created.
    public var networks: [NetworkJoin] { (primaryNetwork.map { [$0] } ?? []) + additionalNetworks }

    // MARK: - Parts

    private static func hostConfig(of snapshot: ContainerSnapshot, rename: (String) -> String) -> EngineJSON {
        var host = snapshot.hostConfig
        for key in ["NetworkMode", "IpcMode", "PidMode"] {
            if let peer = ContainerSnapshot.containerModePeer(host[key]?.string) {
                host = host.setting(key, to: .string("container:" + rename(peer)))
            }
        }
        if let volumesFrom = host["VolumesFrom"]?.strings {
            let renamed = volumesFrom.map { entry -> String in
                let peer = ContainerSnapshot.volumesFromPeer(entry)
                return rename(peer) + entry.dropFirst(peer.count)
            }
            host = host.setting("VolumesFrom", to: .array(renamed.map(EngineJSON.string)))
        }
        if let links = host["Links"]?.strings {
            host = host.setting("Links", to: .array(links.map { .string(normalizedLink($0, rename: rename)) }))
        }
        return carryingAnonymousVolumes(of: snapshot, in: host)
    }

    /// A volume nobody named gets a new random name on create, and the container a new, empty volume; naming
    /// the old one keeps its data. A `Mounts` entry for the same destination gets the name as its source; other
    /// anonymous volumes (an image's VOLUME, `-v /path`) become `Binds` entries.
    private static func carryingAnonymousVolumes(of snapshot: ContainerSnapshot, in host: EngineJSON) -> EngineJSON {
        var binds = host["Binds"]?.strings ?? []
        var mounts = host["Mounts"]?.array ?? []
        var changed = false
        for mount in snapshot.mounts where mount.isAnonymous {
            guard let volume = mount.volumeName else { continue }
            if let index = mounts.firstIndex(where: { $0["Target"]?.string == mount.destination }) {
                mounts[index] = mounts[index].setting("Source", to: .string(volume))
            } else {
                binds.append("\(volume):\(mount.destination)\(mount.readWrite ? "" : ":ro")")
            }
            changed = true
        }
        guard changed else { return host }
        return host.setting("Binds", to: binds.isEmpty ? host["Binds"] : .array(binds.map(EngineJSON.string)))
            .setting("Mounts", to: mounts.isEmpty ? host["Mounts"] : .array(mounts))
    }

    /// `name:alias` as the create call parses it. The daemon records legacy links as `/name:/container/alias`,
    /// which it would read back as a link named after the whole path.
    static func normalizedLink(_ link: String, rename: (String) -> String) -> String {
        let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
        let target = rename(ContainerSnapshot.linkTarget(link))
        guard parts.count == 2 else { return target }
        let alias = parts[1].split(separator: "/").last.map(String.init) ?? parts[1]
        return "\(target):\(alias)"
    }

    /// The network named by the network mode joins on create; the others after. Host, none and container
    /// modes join nothing more.
    private static func networkJoins(of snapshot: ContainerSnapshot) -> (NetworkJoin?, [NetworkJoin]) {
        let mode = snapshot.networkMode
        if mode == "host" || mode == "none" || ContainerSnapshot.containerModePeer(mode) != nil { return (nil, []) }
        let joins = snapshot.networks.map {
            NetworkJoin(network: $0.network, settings: $0.request(containerID: snapshot.id))
        }
        let primaryName = mode == "default" || mode.isEmpty ? "bridge" : mode
        let primaryIndex = snapshot.networks.firstIndex {
            $0.network == primaryName || ($0.networkID.map { $0.hasPrefix(primaryName) } ?? false)
        }
        guard let primaryIndex else { return (nil, joins) }
        var others = joins
        let primary = others.remove(at: primaryIndex)
        return (primary, others)
    }
}
