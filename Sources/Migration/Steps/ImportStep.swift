import HostSystem
import ImageImport

/// Loads the export store into the new daemon, streamed from the store's files (each blob once, checked
/// against its digest on the way). Loading again what is already there changes nothing, so a retry is safe.
public struct ImportStep: MigrationStep {
    public let name = "import"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let client = try await context.engineClient()
        let result = try await ImageImporter().load(
            store: context.resolve(context.plan.exportDirectory), client: client,
            observer: ImportProgressRelay(step: name, observer: context.observer))
        context.note(name, "dockerd loaded \(result.loadedImageIDs.count + result.loadedTags.count) reference(s)")
        return .changed
    }
}

/// The importer's upload progress as the engine's byte progress.
struct ImportProgressRelay: ImportObserver {
    let step: String
    let observer: any MigrationObserver

    func handle(_ event: ImportEvent) {
        switch event {
        case .uploadProgress(let sent, let total):
            observer.handle(.stepProgress(step: step, doneBytes: sent, totalBytes: total, detail: nil))
            CrashPoint.importUploading.reached()
        case .planned(let images, let blobs, let bytes):
            observer.handle(.note(step: step, "\(images) image(s), \(blobs) blob(s), \(bytes) bytes to upload"))
        default:
            break
        }
    }
}
