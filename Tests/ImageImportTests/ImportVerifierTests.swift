import DockerEngine
import Foundation
import LayerArchive
import Testing

@testable import ImageImport

/// The comparison behind `ImportVerifier`, on answers shaped like dockerd's.
@Suite struct ImportVerifierTests {
    static let id = "sha256:" + String(repeating: "a", count: 64)
    static let other = "sha256:" + String(repeating: "f", count: 64)
    static let layer1 = "sha256:" + String(repeating: "1", count: 64)
    static let layer2 = "sha256:" + String(repeating: "2", count: 64)
    static let digest = "drivershift-test/app@sha256:" + String(repeating: "d", count: 64)

    static func inspected(layers: [String], repoDigests: [String] = []) throws -> EngineImage {
        let json: [String: Any] = [
            "Id": id, "RepoTags": [], "RepoDigests": repoDigests, "RootFS": ["Type": "layers", "Layers": layers],
        ]
        return try JSONDecoder().decode(EngineImage.self, from: JSONSerialization.data(withJSONObject: json))
    }

    static let image = ExportManifest.Image(
        id: id, tags: ["drivershift-test/app:1", "docker.io/library/busybox:1", "drivershift-test/app:latest"],
        repoDigests: [digest], parent: nil, configSize: 10,
        layers: [layer1, layer2].map { ExportManifest.Layer(diffID: $0, size: 1, source: "tar-split") })

    @Test func everythingEqualIsClean() throws {
        let tags = ["drivershift-test/app:1": Self.id, "busybox:1": Self.id, "drivershift-test/app:latest": Self.id]
        let found = ImportVerifier.compare(
            Self.image, with: try Self.inspected(layers: [Self.layer1, Self.layer2], repoDigests: [Self.digest]),
            tagTargets: tags)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func eachDifferenceIsNamedPrecisely() throws {
        let tags = ["drivershift-test/app:1": Self.other, "busybox:1": Self.id]
        let found = ImportVerifier.compare(
            Self.image, with: try Self.inspected(layers: [Self.layer2, Self.layer1]), tagTargets: tags)
        #expect(found.map(\.kind) == [.layersDiffer, .tagPointsElsewhere, .tagMissing, .repoDigestMissing])
        #expect(
            found[0].expected == "[\(Self.layer1), \(Self.layer2)]"
                && found[0].found == "[\(Self.layer2), \(Self.layer1)]")
        #expect(
            found[1].reference == "drivershift-test/app:1" && found[1].expected == Self.id
                && found[1].found == Self.other)
        #expect(found[2].reference == "drivershift-test/app:latest" && found[2].found == "no image")
        #expect(found[3].reference == Self.digest && found[3].found == "no RepoDigests")
        #expect(found[1].description.contains("points at another image") && found[1].description.contains(Self.other))

        let verification = ImportVerification(
            imagesChecked: 1, tagsChecked: 3, repoDigestsChecked: 1, mismatches: found)
        #expect(!verification.isComplete && !verification.imagesAndTagsMatch)
        #expect(verification.blocking.map(\.kind) == [.layersDiffer, .tagPointsElsewhere])
        #expect(verification.restorable.map(\.kind) == [.tagMissing, .repoDigestMissing])
    }
}
