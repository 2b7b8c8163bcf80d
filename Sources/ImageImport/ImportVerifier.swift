import DockerEngine
import LayerArchive

/// Compares a daemon's images with an export manifest: every exported image present under the same ID (the sha256
/// of its config, so the same config bytes), its RootFS.Layers equal to the exported diffIDs in order, every tag on
/// that image and on no other, every RepoDigest back.
public enum ImportVerifier {
    public static func verify(manifest: ExportManifest, client: EngineClient) async throws -> ImportVerification {
        let tagTargets = try await currentTags(client: client)
        var mismatches: [ImportMismatch] = []
        var tagsChecked = 0
        var digestsChecked = 0
        for image in manifest.images {
            tagsChecked += image.tags.count
            digestsChecked += image.repoDigests.count
            guard let inspected = try await inspect(image.id, client: client) else {
                mismatches.append(
                    ImportMismatch(
                        kind: .imageMissing, image: image.id, reference: image.tags.first,
                        expected: "an image with ID \(image.id)", found: "no such image"))
                continue
            }
            mismatches += compare(image, with: inspected, tagTargets: tagTargets)
        }
        return ImportVerification(
            imagesChecked: manifest.images.count, tagsChecked: tagsChecked, repoDigestsChecked: digestsChecked,
            mismatches: mismatches)
    }

    /// The differences between one exported image and the daemon's view of it.
    static func compare(_ image: ExportManifest.Image, with inspected: EngineImage, tagTargets: [String: String])
        -> [ImportMismatch]
    {
        var mismatches: [ImportMismatch] = []
        let expectedLayers = image.layers.map(\.diffID)
        let foundLayers = inspected.RootFS.Layers ?? []
        if inspected.Id != image.id {
            mismatches.append(
                ImportMismatch(kind: .imageMissing, image: image.id, expected: image.id, found: inspected.Id))
        }
        if expectedLayers != foundLayers {
            mismatches.append(
                ImportMismatch(
                    kind: .layersDiffer, image: image.id, expected: list(expectedLayers), found: list(foundLayers)))
        }
        for tag in image.tags {
            switch tagTargets[ImageReference.familiar(tag)] {
            case nil:
                mismatches.append(
                    ImportMismatch(
                        kind: .tagMissing, image: image.id, reference: tag, expected: image.id, found: "no image"))
            case let other? where other != image.id:
                mismatches.append(
                    ImportMismatch(
                        kind: .tagPointsElsewhere, image: image.id, reference: tag, expected: image.id, found: other))
            default:
                break
            }
        }
        let digests = Set((inspected.RepoDigests ?? []).map(ImageReference.familiar))
        for digest in image.repoDigests where !digests.contains(ImageReference.familiar(digest)) {
            mismatches.append(
                ImportMismatch(
                    kind: .repoDigestMissing, image: image.id, reference: digest, expected: digest,
                    found: digests.isEmpty ? "no RepoDigests" : list(digests.sorted())))
        }
        return mismatches
    }

    /// Familiar tag -> image ID, over every image (`docker images -a`).
    static func currentTags(client: EngineClient) async throws -> [String: String] {
        var targets: [String: String] = [:]
        for summary in try await client.images() {
            for tag in summary.RepoTags ?? [] where tag != "<none>:<none>" {
                targets[ImageReference.familiar(tag)] = summary.Id
            }
        }
        return targets
    }

    /// The image, or nil when the daemon has none with that ID (404).
    static func inspect(_ id: String, client: EngineClient) async throws -> EngineImage? {
        do {
            return try await client.image(id)
        } catch EngineError.apiError(_, let status, _) where status == 404 {
            return nil
        }
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}
