import Foundation
import Synchronization
import Testing

@testable import LayerArchive

/// `ExportStoreVerifier` on stores written by hand (`ExportStoreFixture`), each damaged in one way: every test
/// asserts the exact problem code and the file it names, and that one damage gives one problem.
@Suite struct ExportStoreVerifierTests {
    func verify(_ store: ExportStoreFixture) throws -> ExportStoreReport {
        try ExportStoreVerifier(root: store.path).verify()
    }

    /// The report's only problem, with its code and path checked.
    @discardableResult
    func onlyProblem(
        _ report: ExportStoreReport, code: StoreProblem.Code, path: String, severity: StoreProblem.Severity = .error,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> StoreProblem {
        #expect(
            report.problems.count == 1,
            "expected one problem, got \(report.problems.map { "\($0.code.rawValue) \($0.path): \($0.message)" })",
            sourceLocation: sourceLocation)
        let problem = try #require(report.problems.first, sourceLocation: sourceLocation)
        #expect(problem.code == code, sourceLocation: sourceLocation)
        #expect(problem.path == path, sourceLocation: sourceLocation)
        #expect(problem.severity == severity, sourceLocation: sourceLocation)
        return problem
    }

    @Test func correctStoreVerifiesClean() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let report = try verify(store)
        #expect(report.problems == [], "\(report.problems.map(\.message))")
        #expect(report.errors == 0 && report.warnings == 0)
        #expect(report.blobsChecked == store.blobSizes.count)
        #expect(report.bytesHashed == UInt64(store.blobSizes.values.reduce(0, +)))
        #expect(report.images == store.imageCount)
        #expect(report.tags == store.tagCount)
    }

    @Test func flippedByteInLayerIsDigestMismatchNamingTheBlob() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let layer = store.app.layerHexes[1]
        try store.flipByte(in: store.blobPath(layer), at: 700)
        let problem = try onlyProblem(try verify(store), code: .blobDigestMismatch, path: store.blobPath(layer))
        #expect(problem.image == store.app.id)
        #expect(problem.message.contains("blobs/sha256/\(layer.prefix(12))"))
        #expect(problem.message.contains("rerun `drivershift export`"))
    }

    @Test func truncatedLayerIsSizeMismatch() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let layer = store.base.layerHexes[0]
        try store.truncate(store.blobPath(layer), to: 512)
        let problem = try onlyProblem(try verify(store), code: .blobSizeMismatch, path: store.blobPath(layer))
        #expect(problem.message.contains("512 bytes"))
        #expect(problem.message.contains("1536"))
    }

    @Test func deletedLayerIsMissing() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let layer = store.untagged.layerHexes[0]
        try store.remove(store.blobPath(layer))
        let problem = try onlyProblem(try verify(store), code: .blobMissing, path: store.blobPath(layer))
        #expect(problem.image == store.untagged.id)
        #expect(problem.message.contains("manifest.json"))
    }

    @Test func changedConfigNoLongerHasItsImageID() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let path = store.blobPath(store.base.configHex)
        let config = String(decoding: try store.read(path), as: UTF8.self)
        try store.writeRaw(Data(config.replacingOccurrences(of: "amd64", with: "arm64").utf8), to: path)
        let problem = try onlyProblem(try verify(store), code: .configIDMismatch, path: path)
        #expect(problem.image == store.base.id)
    }

    @Test func dockerManifestLayersInWrongOrder() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("manifest.json", as: [DockerArchiveManifest].self) { entries in
            entries[1].Layers.reverse()
        }
        let problem = try onlyProblem(try verify(store), code: .layersDifferFromDiffIDs, path: "manifest.json")
        #expect(problem.image == store.app.id)
        #expect(problem.message.contains("another order"))
    }

    @Test func repoTagChangedInDockerManifest() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("manifest.json", as: [DockerArchiveManifest].self) { entries in
            entries[1].RepoTags = ["drivershift-test/app:1", "drivershift-test/app:2"]
        }
        let problem = try onlyProblem(try verify(store), code: .tagMismatch, path: "manifest.json")
        #expect(problem.image == store.app.id)
        #expect(problem.tag == "drivershift-test/app:latest")
        #expect(problem.message.contains("drivershift-test/app:2"))
    }

    @Test func leftoverPartialBlobIsOnlyAWarning() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.writeRaw(Data("half a layer".utf8), to: "blobs/sha256/.partial-x")
        let report = try verify(store)
        let problem = try onlyProblem(report, code: .partialBlob, path: "blobs/sha256/.partial-x", severity: .warning)
        #expect(report.errors == 0)
        #expect(problem.message.contains("interrupted"))
    }

    @Test func unknownFormatVersionSaysNewerDrivershift() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("drivershift-export.json", as: ExportManifest.self) { $0.formatVersion = 2 }
        let problem = try onlyProblem(try verify(store), code: .unknownFormatVersion, path: "drivershift-export.json")
        #expect(problem.message.contains("newer drivershift"))
    }

    @Test func tagChangedInIndexAnnotation() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("index.json", as: OCIImageLayout.Index.self) { index in
            index.manifests[0].annotations = [
                OCIImageLayout.imageNameAnnotation: "drivershift-test/base:2",
                OCIImageLayout.refNameAnnotation: "drivershift-test/base:2",
            ]
        }
        let report = try verify(store)
        // The name it gained, and the tag it lost.
        #expect(report.problems.map(\.code) == [.tagMismatch, .tagMismatch])
        #expect(report.problems.allSatisfy { $0.path == "index.json" && $0.image == store.base.id })
        #expect(Set(report.problems.compactMap(\.tag)) == ["drivershift-test/base:1", "drivershift-test/base:2"])
    }

    @Test func refNameThatIsNotTheImageName() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("index.json", as: OCIImageLayout.Index.self) { index in
            index.manifests[0].annotations?[OCIImageLayout.refNameAnnotation] = "latest"
        }
        try onlyProblem(try verify(store), code: .annotationMismatch, path: "index.json")
    }

    @Test func recordedLayerSizeThatIsWrong() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("drivershift-export.json", as: ExportManifest.self) { $0.images[0].layers[0].size = 999 }
        let problem = try onlyProblem(try verify(store), code: .recordedSizeMismatch, path: "drivershift-export.json")
        #expect(problem.message.contains("999"))
    }

    @Test func parentWhoseLayersAreNotAPrefix() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("manifest.json", as: [DockerArchiveManifest].self) { entries in
            entries[0].Parent = store.untagged.id
        }
        try store.edit("drivershift-export.json", as: ExportManifest.self) { $0.images[0].parent = store.untagged.id }
        let problem = try onlyProblem(try verify(store), code: .parentInvalid, path: "manifest.json")
        #expect(problem.image == store.base.id)
    }

    @Test func parentThatIsNotInTheStore() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let stranger = "sha256:" + String(repeating: "ab", count: 32)
        try store.edit("manifest.json", as: [DockerArchiveManifest].self) { $0[2].Parent = stranger }
        try store.edit("drivershift-export.json", as: ExportManifest.self) { $0.images[2].parent = stranger }
        let problem = try onlyProblem(try verify(store), code: .parentInvalid, path: "manifest.json")
        #expect(problem.message.contains("not in the store"))
    }

    @Test func imageMissingFromDockerManifest() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("manifest.json", as: [DockerArchiveManifest].self) { $0.removeLast() }
        let problem = try onlyProblem(try verify(store), code: .imageMissingFromDockerManifest, path: "manifest.json")
        #expect(problem.image == store.untagged.id)
    }

    @Test func staleRepositoriesEntryIsAWarning() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.edit("repositories", as: [String: [String: String]].self) { map in
            map["drivershift-test/app"]?["latest"] = store.base.layerHexes[0]
        }
        let report = try verify(store)
        let problem = try onlyProblem(report, code: .repositoriesMismatch, path: "repositories", severity: .warning)
        #expect(problem.tag == "drivershift-test/app:latest")
        #expect(report.errors == 0)
    }

    @Test func missingManifestJSONIsAProblemNotACrash() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.remove("manifest.json")
        try onlyProblem(try verify(store), code: .fileMissing, path: "manifest.json")
    }

    @Test func missingBlobsDirectoryIsOneProblem() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.remove("blobs/sha256")
        try onlyProblem(try verify(store), code: .fileMissing, path: "blobs/sha256")
    }

    @Test func missingExportRecordStillChecksTheRest() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.remove("drivershift-export.json")
        try store.flipByte(in: store.blobPath(store.untagged.layerHexes[0]), at: 3)
        let report = try verify(store)
        #expect(report.problems.map(\.code) == [.blobDigestMismatch, .fileMissing])
        #expect(
            report.problems.map(\.path) == [store.blobPath(store.untagged.layerHexes[0]), "drivershift-export.json"])
    }

    @Test func damagedIndexIsInvalidJSON() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.writeRaw(Data("{\"schemaVersion\": 2, \"manifests\": [".utf8), to: "index.json")
        try onlyProblem(try verify(store), code: .invalidJSON, path: "index.json")
    }

    @Test func wrongOCILayoutVersion() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.write(OCIImageLayout.LayoutFile(imageLayoutVersion: "2.0.0"), to: "oci-layout")
        try onlyProblem(try verify(store), code: .ociLayoutInvalid, path: "oci-layout")
    }

    @Test func strayFileAndUnreferencedBlobAreWarnings() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.writeRaw(Data("notes".utf8), to: "blobs/sha256/README")
        let orphan = Data("nobody's".utf8)
        try store.writeRaw(orphan, to: store.blobPath(ExportStoreFixture.hex(orphan)))
        let report = try verify(store)
        #expect(report.errors == 0)
        #expect(
            report.problems.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.blobUnreferenced, .unexpectedFile])
        #expect(
            report.problems(withCode: .blobUnreferenced).first?.path == store.blobPath(ExportStoreFixture.hex(orphan)))
    }

    @Test func filesReadableByOthersAreAWarning() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store.url("manifest.json").path)
        let problem = try onlyProblem(
            try verify(store), code: .permissionsTooOpen, path: "manifest.json", severity: .warning)
        #expect(problem.message.contains("chmod -R go-rwx"))
    }

    @Test func notExportedImageIsNamed() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        let id = "sha256:" + String(repeating: "cd", count: 32)
        try store.edit("drivershift-export.json", as: ExportManifest.self) {
            $0.notExported = [.init(image: id, tags: ["old:1"], reason: "layer sha256:… is missing from layerdb")]
        }
        let problem = try onlyProblem(
            try verify(store), code: .imageNotExported, path: "drivershift-export.json", severity: .warning)
        #expect(problem.image == id)
        #expect(problem.tag == "old:1")
    }

    @Test func directoryThatIsNotAStoreIsAnError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "not-a-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            try ExportStoreVerifier(root: directory.path).verify()
        } throws: { error in
            "\(error)".contains(directory.path) && "\(error)".contains("not an export store")
        }
        #expect(throws: LayerArchiveError.self) {
            try ExportStoreVerifier(root: directory.appendingPathComponent("absent").path).verify()
        }
    }

    @Test func hashesManyBlobsTwoAtATimeWithProgress() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        // Larger than the hasher's buffer, so one blob is read in several chunks.
        let big = Data((0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let bigHex = ExportStoreFixture.hex(big)
        try store.writeRaw(big, to: store.blobPath(bigHex))
        let events = Mutex<[StoreVerifyProgress]>([])
        let report = try ExportStoreVerifier(root: store.path).verify { progress in
            events.withLock { $0.append(progress) }
        }
        #expect(report.problems.map(\.code) == [.blobUnreferenced])
        let total = UInt64(store.blobSizes.values.reduce(0, +) + big.count)
        #expect(report.bytesHashed == total)
        let seen = events.withLock { $0 }
        #expect(
            seen.last
                == StoreVerifyProgress(
                    blobsHashed: store.blobSizes.count + 1, blobCount: store.blobSizes.count + 1, bytesHashed: total,
                    byteCount: total))
        #expect(
            zip(seen, seen.dropFirst()).allSatisfy {
                $0.bytesHashed <= $1.bytesHashed && $0.blobsHashed <= $1.blobsHashed
            })
    }

    @Test func reportEncodesWithStableFieldNames() throws {
        let store = try ExportStoreFixture()
        defer { store.cleanUp() }
        try store.flipByte(in: store.blobPath(store.base.layerHexes[0]), at: 0)
        let data = try JSONEncoder().encode(try verify(store))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "formatVersion", "store", "blobsChecked", "bytesHashed", "images", "tags", "errors", "warnings",
                "problems",
            ])
        let problem = try #require((object["problems"] as? [[String: Any]])?.first)
        #expect(problem["code"] as? String == "blob-digest-mismatch")
        #expect(problem["severity"] as? String == "error")
        #expect(problem["path"] as? String == store.blobPath(store.base.layerHexes[0]))
    }
}
