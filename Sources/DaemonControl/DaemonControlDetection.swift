import HostSystem

/// How dockerd is managed on a host, as far as its files tell, with the finding in words for the report.
public struct DaemonControlDetection: Sendable, Hashable {
    /// nil when neither systemd nor a SysV script was found: the user must give the commands.
    public let method: DaemonControlMethod?
    public let finding: String

    public init(method: DaemonControlMethod?, finding: String) {
        self.method = method
        self.finding = finding
    }
}
