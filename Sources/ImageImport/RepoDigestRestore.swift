import DockerState
import Foundation
import HostSystem
import LayerArchive

/// Brings back the RepoDigests (`name@sha256:<manifest digest>`) that `docker load` drops: the Engine API has no
/// call that sets one, but dockerd keeps them in `<data-root>/image/<driver>/repositories.json` and reads that file
/// only when it starts. So the new file is planned here and written by the engine while dockerd is stopped; after
/// the next start `docker image inspect` shows the RepoDigests again.
///
/// Only references are added: every entry already in the file stays as it is, and a digest reference that exists
/// pointing at another image is left alone (Docker itself never overwrites one) and reported.
public enum RepoDigestRestore {
    /// Plans the new repositories.json from its current bytes (nil when the file does not exist).
    ///
    /// - Parameters:
    ///   - loadedImages: the IDs the daemon has; a RepoDigest of another image is skipped, since a reference to a
    ///     missing image would only confuse the daemon. Nil to trust the manifest.
    ///   - path: names the file in errors.
    public static func plan(
        manifest: ExportManifest, repositoriesJSON: Data?, loadedImages: Set<String>? = nil,
        path: String = "repositories.json"
    ) throws -> RepoDigestPlan {
        var document = try repositoriesJSON.map { try RepositoriesDocument.parse($0, path: path) } ?? .empty
        var added: [RepoDigestPlan.Entry] = []
        var skipped: [RepoDigestPlan.Skipped] = []
        var alreadyPresent = 0
        for image in manifest.images {
            for digestReference in image.repoDigests {
                let reference = ImageReference.familiar(digestReference)
                guard let parts = ImageReference.splitDigest(reference) else {
                    skipped.append(
                        .init(
                            reference: digestReference, image: image.id,
                            reason: "not a name@sha256:<64 hex digits> reference"))
                    continue
                }
                if let loadedImages, !loadedImages.contains(image.id) {
                    skipped.append(
                        .init(reference: reference, image: image.id, reason: "the image is not in the daemon"))
                    continue
                }
                switch document.target(of: reference, repository: parts.repository) {
                case image.id?:
                    alreadyPresent += 1
                case let other?:
                    skipped.append(
                        .init(
                            reference: reference, image: image.id,
                            reason: "it already points at \(other) (Docker never overwrites a digest reference)"))
                case nil:
                    document.repositories[parts.repository, default: [:]][reference] = image.id
                    added.append(.init(reference: reference, image: image.id))
                }
            }
        }
        let current = repositoriesJSON.flatMap { String(data: $0, encoding: .utf8) }
        let text = added.isEmpty ? (current ?? document.serialized()) : document.serialized()
        return RepoDigestPlan(text: text, added: added, alreadyPresent: alreadyPresent, skipped: skipped)
    }

    /// The plan as an edit of the daemon's repositories.json, for the engine to apply (atomically, with a backup)
    /// while dockerd is stopped.
    ///
    /// - Parameters:
    ///   - dataRoot: the daemon's data root as a host path (`/var/lib/docker`); read under `hostRoot`.
    ///   - driver: the storage driver dockerd runs with: the file lives in `image/<driver>/`.
    public static func plannedEdit(
        manifest: ExportManifest, dataRoot: String, driver: String, hostRoot: HostRoot,
        loadedImages: Set<String>? = nil
    ) throws -> (edit: PlannedFileEdit, plan: RepoDigestPlan) {
        let hostPath = DataRootLayout(root: dataRoot, driver: driver).repositories
        let realPath = hostRoot.resolve(hostPath)
        var current: Data?
        if FileManager.default.fileExists(atPath: realPath) {
            guard let data = FileManager.default.contents(atPath: realPath) else {
                throw ImportError.repositoriesUnreadable(path: realPath, reason: "it cannot be read (permissions?)")
            }
            current = data
        }
        let plan = try plan(manifest: manifest, repositoriesJSON: current, loadedImages: loadedImages, path: realPath)
        let edit = PlannedFileEdit(
            path: hostPath, before: current.flatMap { String(data: $0, encoding: .utf8) }, after: plan.text,
            reason: "restore \(plan.added.count) RepoDigest(s) that docker load does not carry; dockerd reads this "
                + "file only at start, so it is written while dockerd is stopped",
            newFileMode: 0o600)
        return (edit, plan)
    }
}
