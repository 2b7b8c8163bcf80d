import DockerEngine
import Foundation

/// Loads an export store (docs/export-store.md) into a running dockerd through the Engine API's `docker load`,
/// streaming the store's files as one tar built on the fly: no archive is written to disk by drivershift, memory
/// stays flat whatever the blobs' sizes, and each blob is sent once.
///
/// Space: dockerd itself stages the whole upload under `<data-root>/tmp` before it loads anything, then writes the
/// layers into its driver's storage. The daemon's filesystem therefore needs `StoreUpload.length` bytes on top of
/// the unpacked images while a load runs (`StoreUpload.plan(store:)` gives it before starting).
public struct ImageImporter: Sendable {
    /// Hash every blob as it is sent and stop at the first that does not match its name (on by default: it costs
    /// CPU only, and a store can be damaged between its verification and the import).
    public var checkBlobDigests: Bool
    /// Bytes per chunk read from a file and handed to the socket.
    public var chunkSize: Int

    public init(checkBlobDigests: Bool = true, chunkSize: Int = 1 << 20) {
        self.checkBlobDigests = checkBlobDigests
        self.chunkSize = chunkSize
    }

    /// Sends the store at `store` to the daemon behind `client` and returns what it loaded.
    ///
    /// - Throws: `ImportError.blobMissing`/`.blobDamaged`/`.storeChanged` naming the blob and its images when the
    ///   store is not what it was (the upload stops before its end, so nothing is loaded);
    ///   `ImportError.daemonRefused` with dockerd's message (and the images any digest in it belongs to);
    ///   `EngineError` when the daemon cannot be reached.
    public func load(store: String, client: EngineClient, observer: any ImportObserver = SilentImportObserver())
        async throws -> LoadResult
    {
        let started = ContinuousClock.now
        let upload = try StoreUpload.plan(store: store)
        observer.handle(.planned(images: upload.imageCount, blobs: upload.blobCount, bytes: upload.length))
        let body = StoreTarStream(upload: upload, checkDigests: checkBlobDigests, observer: observer)
        var result = LoadResult(
            store: upload.store, loadedTags: [], loadedImageIDs: [], blobsSent: upload.blobCount, bytesSent: 0,
            seconds: 0)
        var refusals: [String] = []
        do {
            try await client.loadImages(body, chunkSize: chunkSize) { message in
                if let error = message.errorMessage {
                    refusals.append(error)
                } else if let text = message.stream {
                    for reference in result.note(streamText: text) { observer.handle(.loaded(reference: reference)) }
                } else if let status = message.status {
                    observer.handle(
                        .daemonProgress(
                            status: status, id: message.id, current: message.progressDetail?.current,
                            total: message.progressDetail?.total))
                }
            }
        } catch {
            // The stream's own failure (a damaged blob) is the cause; the aborted request is only its consequence.
            if let failure = body.failure { throw failure }
            throw error
        }
        if let failure = body.failure { throw failure }
        if !refusals.isEmpty {
            let message = refusals.joined(separator: "; ")
            throw ImportError.daemonRefused(
                store: upload.store, message: message, images: upload.images(mentionedIn: message))
        }
        result.bytesSent = body.bytesSent
        let elapsed = ContinuousClock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        observer.handle(.finished(result))
        return result
    }
}
