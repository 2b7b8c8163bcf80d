import DockerEngine

/// `HostConfig.RestartPolicy`: `no`, `always`, `unless-stopped` or `on-failure[:max]`.
public struct RestartPolicy: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let maximumRetryCount: Int

    public init(name: String, maximumRetryCount: Int = 0) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }

    /// Reads the HostConfig field; a missing or empty name is Docker's `no`.
    init(_ value: EngineJSON?) {
        let name = value?["Name"]?.string ?? ""
        self.init(name: name.isEmpty ? "no" : name, maximumRetryCount: Int(value?["MaximumRetryCount"]?.integer ?? 0))
    }

    public var description: String {
        name == "on-failure" && maximumRetryCount > 0 ? "on-failure:\(maximumRetryCount)" : name
    }

    /// Whether dockerd, starting on this container's state, would start it by itself: the restart manager's
    /// rule that daemon restore applies to containers started before (moby `restartmanager.ShouldRestart`).
    func restartsWithDaemon(exitCode: Int, manuallyStopped: Bool, restartCount: Int) -> Bool {
        switch name {
        case "always": return true
        case "unless-stopped": return !manuallyStopped
        case "on-failure": return exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount)
        default: return false
        }
    }
}
