/// What an import reports as it goes; views turn these into progress lines, a status bar or JSON.
public enum ImportEvent: Sendable, Equatable {
    /// The upload: how many images, blobs and bytes (the tar stream, which dockerd also stages on its disk).
    case planned(images: Int, blobs: Int, bytes: UInt64)
    /// Cumulative bytes handed to the daemon, every 16 MiB and at the end.
    case uploadProgress(bytesSent: UInt64, totalBytes: UInt64)
    /// One blob went out whole (and matched its digest, when digests are checked).
    case blobSent(name: String, bytes: UInt64)
    /// dockerd's own progress once it has the upload, such as "Loading layer" with bytes done of total.
    case daemonProgress(status: String, id: String?, current: Int64?, total: Int64?)
    /// dockerd loaded an image: a tag, or the ID of an untagged image.
    case loaded(reference: String)
    case finished(LoadResult)
}

/// Receives events from any thread; implementations do their own locking.
public protocol ImportObserver: Sendable {
    func handle(_ event: ImportEvent)
}

/// An observer that ignores everything (library use, tests).
public struct SilentImportObserver: ImportObserver {
    public init() {}
    public func handle(_ event: ImportEvent) {}
}
