import ImageImport

/// Checks every image ID, diff_id and tag in the new daemon against the export manifest. Tags and RepoDigests
/// that docker load drops are left to restore-tags; anything else that differs stops the run.
public struct VerifyImportStep: MigrationStep {
    public let name = "verify-import"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let manifest = try StoreManifest.read(context)
        let verification = try await ImportVerifier.verify(manifest: manifest, client: try await context.engineClient())
        guard verification.blocking.isEmpty else {
            throw MigrationError.stepFailed(
                step: name,
                reason: "\(verification.blocking.count) mismatch(es) after the load: "
                    + verification.blocking.prefix(5).map(\.description).joined(separator: "; "))
        }
        context.note(
            name,
            "\(verification.imagesChecked) image(s) and \(verification.tagsChecked) tag(s) checked; "
                + "\(verification.restorable.count) reference(s) for restore-tags")
        return .ok
    }
}
