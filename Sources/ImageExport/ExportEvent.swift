/// What an export reports as it goes; views turn these into progress lines, a status bar or JSON.
public enum ExportEvent: Sendable {
    /// The plan: how many images and distinct layers, bytes to write, bytes already in the store (resumed).
    case planned(images: Int, layers: Int, bytesToWrite: UInt64, bytesAlreadyPresent: UInt64, source: String)
    case layerStarted(diffID: String, bytes: UInt64)
    /// Cumulative bytes of this layer written so far.
    case layerProgress(diffID: String, bytesDone: UInt64)
    case layerFinished(diffID: String, bytes: UInt64, reused: Bool)
    case layerFailed(diffID: String, images: [String], message: String)
    case imageNotExported(image: String, tags: [String], reason: String)
    case finished(ExportSummary)
}

/// Receives events from any thread; implementations do their own locking.
public protocol ExportObserver: Sendable {
    func handle(_ event: ExportEvent)
}

/// An observer that ignores everything (library use, tests).
public struct SilentExportObserver: ExportObserver {
    public init() {}
    public func handle(_ event: ExportEvent) {}
}
