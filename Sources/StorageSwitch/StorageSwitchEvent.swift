import HostSystem

/// What the switch reports while it works; the engine never prints, a view decides how to show this.
public enum StorageSwitchEvent: Sendable {
    case stepStarted(String)
    case commandRunning(Command)
    case fileWritten(path: String, backup: String?)
    case stepFinished(String)
    /// Something went wrong and the switch is undoing what it did.
    case rollingBack(reason: String)
    case note(String)
}

/// Receives the switch's events, in order, from one task at a time.
public protocol StorageSwitchObserver: Sendable {
    func handle(_ event: StorageSwitchEvent)
}

/// For callers that do not watch.
public struct SilentStorageSwitchObserver: StorageSwitchObserver {
    public init() {}
    public func handle(_ event: StorageSwitchEvent) {}
}
