import DockerEngine
import Foundation
import HostSystem
import ImageExport
import Inventory

/// Commits the writable layers the container policy keeps, then exports every planned image into the store
/// as verified layer tars. Resumable: blobs already in the store are reused.
public struct ExportStep: MigrationStep {
    public let name = "export"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let plan = context.plan
        let client = try? await context.engineClient()
        let commits = plan.containers.filter { $0.committedImage != nil }
        if !commits.isEmpty {
            guard let client else {
                throw MigrationError.stepFailed(
                    step: name,
                    reason: "\(commits.count) container(s) must be committed first and that needs the running "
                        + "daemon, which does not answer at \(context.endpoint). Start dockerd, then "
                        + "`drivershift resume`; or plan with --containers skip.")
            }
            for container in commits {
                guard let reference = container.committedImage else { continue }
                // An earlier attempt committed it already: committing again would leave that image dangling.
                if let earlier = try await client.imageIfPresent(reference) {
                    try context.record(step: name, ["commit.\(container.name)": earlier.Id])
                    continue
                }
                context.note(name, "committing the writable layer of \(container.name) to \(reference)")
                let (repository, tag) = Self.split(reference)
                let imageID = try await client.commitContainer(
                    container.id, repository: repository, tag: tag, comment: Self.commitComment(container.name))
                try context.record(step: name, ["commit.\(container.name)": imageID])
            }
        }

        let inventory = try await InventoryBuilder(
            options: InventoryOptions(
                hostRoot: context.hostRoot, dataRoot: plan.host.dataRoot,
                host: "unix://" + context.endpoint.socketPath, offline: client == nil)
        ).build()
        let references = plan.images.map(\.id) + commits.compactMap(\.committedImage)
        let options = ExportOptions(
            storeRoot: context.resolve(plan.exportDirectory), selection: .references(references), source: .auto,
            jobs: ProcessInfo.processInfo.activeProcessorCount)
        let exportPlan = try ExportPlanner(inventory: inventory, hostRoot: context.hostRoot).plan(options: options)
        let summary = try await ImageExporter(
            plan: exportPlan, options: options, inventory: inventory, hostRoot: context.hostRoot, client: client,
            observer: ExportProgressRelay(step: name, observer: context.observer)
        ).run()
        guard summary.succeeded else {
            throw MigrationError.stepFailed(
                step: name,
                reason: "\(summary.imagesNotExported) image(s) and \(summary.layersFailed) layer(s) could not be "
                    + "exported; the old state is untouched. See the errors above, fix them, then `drivershift resume`."
            )
        }
        return summary.layersWritten == 0 && commits.isEmpty ? .ok : .changed
    }
}

extension ExportStep {
    /// Takes away the images the commits made, from the old daemon (running again by now). The export store
    /// stays: it is drivershift's own copy, useful for a second attempt.
    public func rollback(_ context: MigrationContext) async throws {
        let commits = context.plan.containers.filter { $0.committedImage != nil }
        guard !commits.isEmpty, let client = try? await context.engineClient() else { return }
        for container in commits {
            guard let reference = container.committedImage else { continue }
            if try await client.imageIfPresent(reference) != nil { try await client.removeImageReference(reference) }
            // Taking the tag away can leave the image itself behind, untagged: it goes by its ID too.
            if let imageID = context.recordedValue(step: name, key: "commit.\(container.name)"),
                try await client.imageIfPresent(imageID) != nil
            {
                try await client.removeImageReference(imageID)
            }
            try await removeInterruptedCommits(of: container.id, name: container.name, client: client)
            context.note(name, "removed \(reference), made by the export's commit")
        }
    }

    /// A run killed while the daemon was committing leaves that commit to finish on its own after the resumed
    /// run has committed again: the loser ends up untagged and recorded nowhere. It is still ours (made from
    /// this container, with our comment), so it goes too.
    private func removeInterruptedCommits(of containerID: String, name: String, client: EngineClient) async throws {
        for summary in try await client.images() where (summary.RepoTags ?? []).allSatisfy({ $0 == "<none>:<none>" }) {
            guard let image = try await client.imageIfPresent(summary.Id),
                image.Container == containerID, image.Comment == Self.commitComment(name)
            else { continue }
            try await client.removeImageReference(summary.Id)
        }
    }

    static func commitComment(_ containerName: String) -> String {
        "drivershift: the writable layer of \(containerName), kept across the migration"
    }

    /// `drivershift/committed:web` -> (`drivershift/committed`, `web`).
    static func split(_ reference: String) -> (String, String) {
        guard let colon = reference.lastIndex(of: ":") else { return (reference, "latest") }
        return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
    }
}

/// Turns the exporter's per-layer events into the engine's byte progress.
struct ExportProgressRelay: ExportObserver {
    let step: String
    let observer: any MigrationObserver
    private let state = ProgressCounter()

    init(step: String, observer: any MigrationObserver) {
        self.step = step
        self.observer = observer
    }

    func handle(_ event: ExportEvent) {
        switch event {
        case .planned(_, let layers, let bytesToWrite, _, let source):
            state.start(total: bytesToWrite)
            observer.handle(.note(step: step, "\(layers) layer(s), \(bytesToWrite) bytes to write, from \(source)"))
        case .layerProgress(let diffID, let bytesDone):
            let done = state.update(diffID, bytesDone)
            observer.handle(.stepProgress(step: step, doneBytes: done, totalBytes: state.total, detail: diffID))
        case .layerFinished(let diffID, let bytes, let reused):
            if !reused {
                let done = state.update(diffID, bytes)
                observer.handle(.stepProgress(step: step, doneBytes: done, totalBytes: state.total, detail: diffID))
                CrashPoint.exportLayerWritten.reached()
            }
        case .layerFailed(let diffID, let images, let message):
            observer.handle(.note(step: step, "layer \(diffID) of \(images.joined(separator: ", ")): \(message)"))
        case .imageNotExported(let image, _, let reason):
            observer.handle(.note(step: step, "image \(image) not exported: \(reason)"))
        case .layerStarted, .finished:
            break
        }
    }
}
