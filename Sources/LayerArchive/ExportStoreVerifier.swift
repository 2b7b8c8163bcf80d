/// Re-reads an export store (docs/export-store.md) and checks every invariant `drivershift import` and
/// `docker load` rely on: each blob's sha256 against its name, each image ID against its config, each layer list
/// against the config's `rootfs.diff_ids`, and the images and tags of index.json, manifest.json, repositories and
/// drivershift-export.json against one another.
///
/// Damage is reported, never thrown: a missing or changed file is a `StoreProblem` naming it and saying what to do.
/// Only a directory that is not an export store at all is an error.
public struct ExportStoreVerifier: Sendable {
    public let layout: ExportStoreLayout
    /// How many blobs are hashed at the same time. Two keeps two cores busy hashing while one waits on the disk.
    public let concurrentBlobs: Int

    public init(root: String, concurrentBlobs: Int = 2) {
        self.layout = ExportStoreLayout(root: root)
        self.concurrentBlobs = max(1, concurrentBlobs)
    }

    /// Checks the whole store. Memory stays flat whatever the blobs' sizes: each is streamed through one
    /// reused buffer per hashing thread.
    ///
    /// - Parameter progress: called as blobs are hashed, from the hashing threads, one call at a time.
    /// - Throws: `LayerArchiveError.cannotOpen` when `root` is not a readable directory holding an export store.
    public func verify(progress: @escaping @Sendable (StoreVerifyProgress) -> Void = { _ in }) throws
        -> ExportStoreReport
    {
        var verification = try StoreVerification(layout: layout)
        return verification.run(concurrentBlobs: concurrentBlobs, progress: progress)
    }
}
