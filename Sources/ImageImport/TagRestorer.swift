import DockerEngine
import LayerArchive

/// Re-creates, through the Engine API (`POST /images/{id}/tag`), the tags of an export manifest that the daemon
/// does not have after `docker load`: a tag removed or never carried (an image exported by ID, a load that was
/// interrupted). Idempotent: a tag already on its image is left as it is. A tag on another image is reported,
/// not moved. RepoDigests cannot be set through the API: `RepoDigestRestore` plans them into repositories.json.
public enum TagRestorer {
    public static func restore(manifest: ExportManifest, client: EngineClient) async throws -> TagRestoration {
        let tagTargets = try await ImportVerifier.currentTags(client: client)
        var restored: [TagRestoration.RestoredTag] = []
        var alreadyPresent = 0
        var notRestored: [ImportMismatch] = []
        for image in manifest.images where !image.tags.isEmpty {
            var imagePresent: Bool?
            for tag in image.tags {
                let familiar = ImageReference.familiar(tag)
                if let target = tagTargets[familiar] {
                    if target == image.id {
                        alreadyPresent += 1
                    } else {
                        notRestored.append(
                            ImportMismatch(
                                kind: .tagPointsElsewhere, image: image.id, reference: tag, expected: image.id,
                                found: target))
                    }
                    continue
                }
                if imagePresent == nil {
                    imagePresent = try await ImportVerifier.inspect(image.id, client: client) != nil
                }
                guard imagePresent == true, let parts = ImageReference.splitTag(familiar) else {
                    notRestored.append(
                        ImportMismatch(
                            kind: imagePresent == true ? .tagMissing : .imageMissing, image: image.id, reference: tag,
                            expected: image.id,
                            found: imagePresent == true ? "a reference that is not repository:tag" : "no such image"))
                    continue
                }
                try await client.tagImage(image.id, repository: parts.repository, tag: parts.tag)
                restored.append(TagRestoration.RestoredTag(tag: tag, image: image.id))
            }
        }
        return TagRestoration(restored: restored, alreadyPresent: alreadyPresent, notRestored: notRestored)
    }
}
