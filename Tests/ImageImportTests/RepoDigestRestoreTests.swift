import DockerState
import Foundation
import HostSystem
import LayerArchive
import Testing

@testable import ImageImport

/// The repositories.json planner: adds `name@sha256:<digest>` entries in Docker's own format, keeps every other
/// entry, never overwrites a digest, and plans nothing twice.
@Suite struct RepoDigestRestoreTests {
    static let appID = "sha256:" + String(repeating: "a", count: 64)
    static let baseID = "sha256:" + String(repeating: "b", count: 64)
    static let otherID = "sha256:" + String(repeating: "c", count: 64)
    static let digest1 = "sha256:" + String(repeating: "1", count: 64)
    static let digest2 = "sha256:" + String(repeating: "2", count: 64)
    static let digest3 = "sha256:" + String(repeating: "3", count: 64)

    static func manifest(_ images: [(id: String, tags: [String], digests: [String])]) -> ExportManifest {
        ExportManifest(
            tool: "drivershift test", createdAt: "2026-01-01T00:00:00Z",
            host: .init(
                hostname: "h", hostRoot: "/", dataRoot: "/var/lib/docker", storageDriver: "vfs", dockerVersion: nil),
            images: images.map {
                ExportManifest.Image(
                    id: $0.id, tags: $0.tags, repoDigests: $0.digests, parent: nil, configSize: 1, layers: [])
            },
            notExported: [])
    }

    /// What dockerd 20.10 writes after a load of app:1 and base:1 (compact, keys sorted).
    static let current =
        "{\"Repositories\":{\"drivershift-test/app\":{\"drivershift-test/app:1\":\"\(appID)\"},"
        + "\"drivershift-test/base\":{\"drivershift-test/base:1\":\"\(baseID)\"}}}"

    @Test func addsDigestReferencesInDockersFormat() throws {
        let manifest = Self.manifest([
            (
                Self.appID, ["drivershift-test/app:1"],
                ["docker.io/drivershift-test/app@\(Self.digest2)", "drivershift-test/app@\(Self.digest1)"]
            ),
            (Self.baseID, ["drivershift-test/base:1"], []),
            (Self.otherID, [], ["quay.io/team/tool@\(Self.digest3)"]),
        ])
        let plan = try RepoDigestRestore.plan(manifest: manifest, repositoriesJSON: Data(Self.current.utf8))
        let expected =
            "{\"Repositories\":{"
            + "\"drivershift-test/app\":{\"drivershift-test/app:1\":\"\(Self.appID)\","
            + "\"drivershift-test/app@\(Self.digest1)\":\"\(Self.appID)\","
            + "\"drivershift-test/app@\(Self.digest2)\":\"\(Self.appID)\"},"
            + "\"drivershift-test/base\":{\"drivershift-test/base:1\":\"\(Self.baseID)\"},"
            + "\"quay.io/team/tool\":{\"quay.io/team/tool@\(Self.digest3)\":\"\(Self.otherID)\"}}}"
        #expect(plan.text == expected)
        #expect(
            plan.added.map(\.reference) == [
                "drivershift-test/app@\(Self.digest2)", "drivershift-test/app@\(Self.digest1)",
                "quay.io/team/tool@\(Self.digest3)",
            ])
        #expect(plan.skipped.isEmpty && plan.alreadyPresent == 0 && !plan.changesNothing)

        // DockerState reads it back as Docker would: the tags stay, the digests are there.
        let index = try RepositoryIndex.parse(Data(plan.text.utf8), path: "repositories.json")
        let app = try #require(Digest(Self.appID))
        #expect(index.tags(of: app) == ["drivershift-test/app:1"])
        #expect(
            index.repoDigests(of: app) == [
                "drivershift-test/app@\(Self.digest1)", "drivershift-test/app@\(Self.digest2)",
            ])

        // Planning again on the result adds nothing and leaves the bytes alone.
        let again = try RepoDigestRestore.plan(manifest: manifest, repositoriesJSON: Data(plan.text.utf8))
        #expect(again.changesNothing && again.alreadyPresent == 3 && again.text == plan.text)
    }

    @Test func neverOverwritesAndSaysWhy() throws {
        let taken =
            "{\"Repositories\":{\"drivershift-test/app\":{\"drivershift-test/app@\(Self.digest1)\":\"\(Self.otherID)\"}}}"
        let manifest = Self.manifest([
            (Self.appID, [], ["drivershift-test/app@\(Self.digest1)", "drivershift-test/app@md5:abc", "noname"]),
            (Self.baseID, [], ["drivershift-test/base@\(Self.digest2)"]),
        ])
        let plan = try RepoDigestRestore.plan(
            manifest: manifest, repositoriesJSON: Data(taken.utf8), loadedImages: [Self.appID])
        #expect(plan.changesNothing)
        #expect(plan.text == taken, "nothing to add: the file's bytes are kept as they are")
        #expect(plan.skipped.count == 4)
        #expect(plan.skipped[0].reason.contains("already points at \(Self.otherID)"))
        #expect(plan.skipped[1].reason.contains("not a name@sha256"))
        #expect(plan.skipped[2].reason.contains("not a name@sha256"))
        #expect(plan.skipped[3].reason.contains("not in the daemon"))
    }

    @Test func startsFromNothingAndRefusesACorruptFile() throws {
        let manifest = Self.manifest([(Self.appID, [], ["app@\(Self.digest1)"])])
        let fresh = try RepoDigestRestore.plan(manifest: manifest, repositoriesJSON: nil)
        #expect(fresh.text == "{\"Repositories\":{\"app\":{\"app@\(Self.digest1)\":\"\(Self.appID)\"}}}")
        let null = try RepoDigestRestore.plan(
            manifest: manifest, repositoriesJSON: Data("{\"Repositories\":null}".utf8))
        #expect(null.text == fresh.text)
        for corrupt in ["{\"Repositories\":{\"app\":[1]}}", "[]", "{\"Repo", "{\"Repositories\":{\"a\":{\"a:1\":7}}}"] {
            #expect(throws: ImportError.self) {
                try RepoDigestRestore.plan(
                    manifest: manifest, repositoriesJSON: Data(corrupt.utf8), path: "/x/repositories.json")
            }
        }
        #expect(RepositoriesDocument.quoted("a<b>&\"\\\n\u{1}") == "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\"")
    }

    @Test func plansAnEditOfTheDaemonsFile() throws {
        let scratch = try ScratchDirectory("repodigest-edit")
        let hostRoot = HostRoot(scratch.path)
        let file = hostRoot.resolve("/var/lib/docker/image/overlay2/repositories.json")
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(Self.current.utf8).write(to: URL(fileURLWithPath: file))
        let manifest = Self.manifest([(Self.appID, [], ["drivershift-test/app@\(Self.digest1)"])])
        let (edit, plan) = try RepoDigestRestore.plannedEdit(
            manifest: manifest, dataRoot: "/var/lib/docker", driver: "overlay2", hostRoot: hostRoot)
        #expect(edit.path == "/var/lib/docker/image/overlay2/repositories.json")
        #expect(edit.before == Self.current)
        #expect(edit.after == plan.text && plan.added.count == 1)
        #expect(edit.reason.contains("while dockerd is stopped"))
    }
}
