import DockerEngine

/// A container's attachment to one network, as `NetworkSettings.Networks[name]` records it.
public struct ContainerEndpoint: Sendable, Hashable {
    public let network: String
    public let networkID: String?
    /// As recorded, including the short container ID the daemon adds on user-defined networks.
    public let aliases: [String]
    /// Static addresses chosen by the user (`--ip`, `--ip6`, `--link-local-ip`); dynamic ones are not carried.
    public let ipv4Address: String?
    public let ipv6Address: String?
    public let linkLocalIPs: [String]
    /// `name:alias` pairs on user-defined networks.
    public let links: [String]
    public let driverOptions: [String: String]
    /// The whole recorded EndpointSettings, operational fields included.
    public let settings: EngineJSON

    public init(network: String, settings: EngineJSON) {
        self.network = network
        self.settings = settings
        networkID = settings["NetworkID"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        aliases = settings["Aliases"]?.strings ?? []
        let ipam = settings["IPAMConfig"]
        ipv4Address = ipam?["IPv4Address"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        ipv6Address = ipam?["IPv6Address"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        linkLocalIPs = ipam?["LinkLocalIPs"]?.strings ?? []
        links = settings["Links"]?.strings ?? []
        driverOptions = (settings["DriverOpts"]?.object ?? [:]).compactMapValues(\.string)
    }

    /// Aliases a user gave, without the container's short ID that the daemon adds by itself.
    public func chosenAliases(containerID: String) -> [String] {
        let shortID = String(containerID.prefix(12))
        var seen = Set<String>()
        return aliases.filter { $0 != shortID && seen.insert($0).inserted }
    }

    /// The EndpointSettings to send on create or connect: only what the user chose; addresses, MACs and IDs
    /// are the daemon's to give again.
    func request(containerID: String) -> EngineJSON {
        var fields: [String: EngineJSON] = [:]
        var ipam: [String: EngineJSON] = [:]
        if let ipv4Address { ipam["IPv4Address"] = .string(ipv4Address) }
        if let ipv6Address { ipam["IPv6Address"] = .string(ipv6Address) }
        if !linkLocalIPs.isEmpty { ipam["LinkLocalIPs"] = .array(linkLocalIPs.map(EngineJSON.string)) }
        if !ipam.isEmpty { fields["IPAMConfig"] = .object(ipam) }
        let aliases = chosenAliases(containerID: containerID)
        if !aliases.isEmpty { fields["Aliases"] = .array(aliases.map(EngineJSON.string)) }
        if !links.isEmpty { fields["Links"] = .array(links.map(EngineJSON.string)) }
        if !driverOptions.isEmpty { fields["DriverOpts"] = .object(driverOptions.mapValues(EngineJSON.string)) }
        return .object(fields)
    }
}
