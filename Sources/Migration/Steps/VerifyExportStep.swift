import Foundation
import LayerArchive

/// Re-hashes every blob of the store and checks every planned image is in it, before anything old is moved:
/// a corrupted blob stops the run here, while the old daemon still has everything.
public struct VerifyExportStep: MigrationStep {
    public let name = "verify-export"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let store = context.resolve(context.plan.exportDirectory)
        let report = try ExportStoreVerifier(root: store).verify { progress in
            context.observer.handle(
                .stepProgress(
                    step: "verify-export", doneBytes: progress.bytesHashed, totalBytes: progress.byteCount,
                    detail: nil))
        }
        guard report.errors == 0 else {
            let problems = report.problems.filter { $0.severity == .error }.prefix(5)
                .map { "\($0.path): \($0.message)" }.joined(separator: "; ")
            throw MigrationError.stepFailed(
                step: name,
                reason: "the export store \(store) has \(report.errors) error(s): \(problems). Nothing old was "
                    + "touched. Remove the damaged blobs and run `drivershift resume` to export them again.")
        }
        let manifest = try StoreManifest.read(context)
        let exported = Set(manifest.images.map(\.id))
        let missing = context.plan.images.filter { !exported.contains($0.id) }
        guard missing.isEmpty else {
            throw MigrationError.stepFailed(
                step: name,
                reason: "\(missing.count) planned image(s) are not in the store: "
                    + missing.prefix(5).map(\.id).joined(separator: ", "))
        }
        return .ok
    }
}
