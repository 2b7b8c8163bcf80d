/// What can go wrong reading a devicemapper pool from its files.
public enum PoolFilesError: Error, Sendable, CustomStringConvertible {
    case toolMissing(String)

    public var description: String {
        switch self {
        case .toolMissing(let tool):
            return "\(tool) is not installed; install thin-provisioning-tools (Debian/Ubuntu) or "
                + "device-mapper-persistent-data (CentOS/RHEL) and try again"
        }
    }
}
