import HostSystem
import ImageImport

/// Brings back what docker load does not carry: tags through the API, RepoDigests by adding them to the new
/// driver's repositories.json while dockerd is stopped (it reads the file only at start). Ends by checking
/// that every image, tag and RepoDigest matches the export manifest.
public struct RestoreTagsStep: MigrationStep {
    public let name = "restore-tags"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let manifest = try StoreManifest.read(context)
        var client = try await context.engineClient()
        let tags = try await TagRestorer.restore(manifest: manifest, client: client)
        for tag in tags.restored { context.note(name, "tagged \(tag.image) as \(tag.tag)") }

        let (edit, digests) = try RepoDigestRestore.plannedEdit(
            manifest: manifest, dataRoot: context.plan.host.dataRoot, driver: context.plan.target.driverName,
            hostRoot: context.hostRoot, loadedImages: Set(manifest.images.map(\.id)))
        if !digests.added.isEmpty {
            let daemon = context.daemonController()
            try await daemon.stop()
            _ = try await HostFileEditor().apply([edit], hostRoot: context.hostRoot) { _, _ in }
            try await daemon.start()
            client = try await daemon.waitUntilReady(
                expectedDriver: context.plan.target.driverName, timeout: context.readyTimeout
            ).client
            context.note(name, "restored \(digests.added.count) RepoDigest(s) in \(edit.path)")
        }
        let verification = try await ImportVerifier.verify(manifest: manifest, client: client)
        guard verification.isComplete else {
            throw MigrationError.stepFailed(
                step: name,
                reason: "still different after restoring: "
                    + verification.mismatches.prefix(5).map(\.description).joined(separator: "; "))
        }
        return tags.changedSomething || !digests.added.isEmpty ? .changed : .ok
    }
}
