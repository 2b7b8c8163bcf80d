/// The storage configuration a switch leaves dockerd with.
public enum StorageTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    case overlay2
    /// devicemapper on an LVM thin pool that is already provisioned (`/dev/mapper/docker-thinpool`).
    case directLVM(thinPoolDevice: String)

    /// The value of daemon.json's `storage-driver`.
    public var driverName: String {
        switch self {
        case .overlay2: return "overlay2"
        case .directLVM: return "devicemapper"
        }
    }

    /// The `storage-opts` dockerd gets for this target, in the order they are written.
    public var storageOptions: [String] {
        switch self {
        case .overlay2:
            return []
        case .directLVM(let device):
            return ["dm.thinpooldev=\(device)", "dm.use_deferred_removal=true", "dm.use_deferred_deletion=true"]
        }
    }

    public var description: String {
        switch self {
        case .overlay2: return "overlay2"
        case .directLVM(let device): return "direct-lvm (\(device))"
        }
    }
}
