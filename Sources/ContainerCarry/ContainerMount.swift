import DockerEngine

/// One mount of a container: a volume, a bind mount from the host, or a tmpfs.
public struct ContainerMount: Sendable, Hashable, CustomStringConvertible {
    public let destination: String
    /// volume, bind, tmpfs, npipe.
    public let type: String
    /// The volume's name; nil for other types.
    public let volumeName: String?
    /// The host path of a bind mount; nil for volumes (their path depends on the data root).
    public let bindSource: String?
    public let readWrite: Bool
    /// A volume nobody named (an image's VOLUME, `-v /path`): its name is a random ID that must be given
    /// explicitly on recreation, or the new container would get a new, empty volume.
    public let isAnonymous: Bool

    public init(
        destination: String, type: String, volumeName: String?, bindSource: String?, readWrite: Bool,
        isAnonymous: Bool
    ) {
        self.destination = destination
        self.type = type
        self.volumeName = volumeName
        self.bindSource = bindSource
        self.readWrite = readWrite
        self.isAnonymous = isAnonymous
    }

    /// An entry of config.v2.json's `MountPoints` (Type, Name, Source, RW, Spec).
    init(mountPoint: EngineJSON, destination: String) {
        let type = Self.type(of: mountPoint)
        let name = mountPoint["Name"]?.string ?? ""
        self.init(
            destination: destination, type: type,
            volumeName: type == "volume" && !name.isEmpty ? name : nil,
            bindSource: type == "bind" ? mountPoint["Source"]?.string : nil,
            readWrite: mountPoint["RW"]?.bool ?? true,
            isAnonymous: type == "volume" && (mountPoint["Spec"]?["Source"]?.isUnset ?? true))
    }

    /// An entry of `docker inspect`'s `Mounts` (Type, Name, Source, Destination, RW).
    public init(inspected: EngineJSON) {
        let type = Self.type(of: inspected)
        let name = inspected["Name"]?.string ?? ""
        self.init(
            destination: inspected["Destination"]?.string ?? "", type: type,
            volumeName: type == "volume" && !name.isEmpty ? name : nil,
            bindSource: type == "bind" ? inspected["Source"]?.string : nil,
            readWrite: inspected["RW"]?.bool ?? true, isAnonymous: false)
    }

    /// Mount points written by Docker before 1.11 have no Type: a named one is a volume, the rest binds.
    private static func type(of entry: EngineJSON) -> String {
        if let type = entry["Type"]?.string, !type.isEmpty { return type }
        return (entry["Name"]?.string ?? "").isEmpty ? "bind" : "volume"
    }

    public var description: String {
        let source = volumeName ?? bindSource ?? type
        return "\(source):\(destination)\(readWrite ? "" : ":ro") (\(type))"
    }
}
