import Foundation
import LayerArchive

/// The export store's own record (`drivershift-export.json`): what the later steps load and check against.
enum StoreManifest {
    static func read(_ context: MigrationContext) throws -> ExportManifest {
        let path = ExportStoreLayout(root: context.resolve(context.plan.exportDirectory)).exportManifest
        do {
            return try JSONDecoder().decode(ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MigrationError.stepFailed(
                step: "import",
                reason: "the export store's record \(path) cannot be read (\(error)); run the export "
                    + "again with `drivershift resume` if the store is incomplete")
        }
    }
}
