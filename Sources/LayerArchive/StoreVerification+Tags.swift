/// Tags: drivershift-export.json records them; manifest.json (docker load), index.json (OCI tools, docker load
/// 25+) and repositories (docker load before 1.10) must each give every image exactly those tags.
extension StoreVerification {
    private typealias Familiar = ImageTagReference

    /// The tags each image should have, by image hex: drivershift-export.json's when it could be read, else
    /// manifest.json's, with the name of the document they come from.
    private var recordedTags: (source: String, tags: [String: [String]])? {
        if exportManifest != nil { return (Self.exportManifestName, exportImages.mapValues(\.tags)) }
        if dockerEntries != nil { return (Self.dockerManifestName, dockerImages.mapValues { $0.RepoTags ?? [] }) }
        return nil
    }

    mutating func checkTags() {
        checkDuplicateTags()
        checkDockerManifestTags()
        checkIndexTags()
    }

    private mutating func checkDuplicateTags() {
        guard let (source, recorded) = recordedTags else { return }
        var owners: [String: [String]] = [:]
        for hex in recorded.keys.sorted() {
            for tag in Set((recorded[hex] ?? []).map(Familiar.familiar)) { owners[tag, default: []].append(hex) }
        }
        for tag in owners.keys.sorted() {
            guard let hexes = owners[tag], hexes.count > 1 else { continue }
            add(
                .error, .tagDuplicate, path: source, tag: tag,
                "\(source) gives the tag \(tag) to \(hexes.count) images (\(Self.list(hexes.map(Self.shortImage)))): "
                    + "after a load only one of them has it. Rerun `drivershift export` into a new directory")
        }
    }

    private mutating func checkDockerManifestTags() {
        guard exportManifest != nil else { return }
        for hex in dockerImages.keys.sorted() {
            guard let entry = dockerImages[hex], let record = exportImages[hex] else { continue }
            let given = entry.RepoTags ?? []
            let givenSet = Set(given.map(Familiar.familiar))
            let recordedSet = Set(record.tags.map(Familiar.familiar))
            guard givenSet != recordedSet else { continue }
            let lost = record.tags.filter { !givenSet.contains(Familiar.familiar($0)) }
            let extra = given.filter { !recordedSet.contains(Familiar.familiar($0)) }
            var effects: [String] = []
            if !lost.isEmpty { effects.append("not restore \(Self.list(lost))") }
            if !extra.isEmpty { effects.append("add \(Self.list(extra)), which the image did not have") }
            add(
                .error, .tagMismatch, path: Self.dockerManifestName, image: record.id, tag: lost.first ?? extra.first,
                "manifest.json gives image \(Self.shortImage(hex)) the tags [\(given.joined(separator: ", "))] but "
                    + "drivershift-export.json records [\(record.tags.joined(separator: ", "))]: docker load would "
                    + "\(effects.joined(separator: " and ")). Rerun `drivershift export` to rewrite manifest.json")
        }
    }

    private mutating func checkIndexTags() {
        guard index != nil, let (source, recorded) = recordedTags else { return }
        var names: [String: Set<String>] = [:]
        var untagged: Set<String> = []
        var reportedUnrecorded: Set<String> = []
        for entry in indexEntries {
            guard let hex = entry.imageHex else { continue }
            let image = BlobDigest.digest(hex: hex)
            guard let tags = recorded[hex] else {
                if reportedUnrecorded.insert(hex).inserted {
                    add(
                        .error, .imageNotRecorded, path: Self.indexName, image: image, tag: entry.name,
                        "index.json manifests[\(entry.position)] leads to image \(Self.shortImage(hex)), which "
                            + "\(source) does not record: the documents come from different exports. Rerun "
                            + "`drivershift export` into a new directory")
                }
                continue
            }
            guard let name = entry.name else {
                untagged.insert(hex)
                continue
            }
            names[hex, default: []].insert(Familiar.familiar(name))
            if !tags.map(Familiar.familiar).contains(Familiar.familiar(name)) {
                add(
                    .error, .tagMismatch, path: Self.indexName, image: image, tag: name,
                    "index.json manifests[\(entry.position)] names image \(Self.shortImage(hex)) \(name), a tag "
                        + "\(source) does not record for it (it records [\(tags.joined(separator: ", "))]): OCI tools "
                        + "and docker load 25+ would give the image a tag it did not have. Rerun `drivershift export` "
                        + "to rewrite index.json")
            }
        }
        for hex in recorded.keys.sorted() {
            let tags = recorded[hex] ?? []
            let image = BlobDigest.digest(hex: hex)
            let found = names[hex] ?? []
            if found.isEmpty && !untagged.contains(hex) {
                // A descriptor whose manifest is damaged may be this image's; that blob's problem says so.
                guard unresolvedIndexNames.isEmpty && !unresolvedUntaggedIndexEntry else { continue }
                add(
                    .error, .imageMissingFromIndex, path: Self.indexName, image: image, tag: tags.first,
                    "image \(Self.shortImage(hex)) (\(Self.list(tags))) is recorded in \(source) but no index.json "
                        + "descriptor leads to it: OCI tools and docker load 25+ would not see it. Rerun "
                        + "`drivershift export` to rewrite index.json")
                continue
            }
            for tag in tags {
                let familiar = Familiar.familiar(tag)
                guard !found.contains(familiar), !unresolvedIndexNames.contains(familiar) else { continue }
                add(
                    .error, .tagMismatch, path: Self.indexName, image: image, tag: tag,
                    "\(source) records the tag \(tag) for image \(Self.shortImage(hex)) but no index.json descriptor "
                        + "of that image is annotated \(OCIImageLayout.imageNameAnnotation)=\(tag): OCI tools and "
                        + "docker load 25+ would not restore that tag. Rerun `drivershift export` to rewrite index.json"
                )
            }
        }
    }

    /// `repositories` maps each repository and tag to the image's top layer (its last diffID, as hex).
    mutating func checkRepositories() {
        guard let repositories, let (source, recorded) = recordedTags else { return }
        let name = Self.repositoriesName
        let consequence = "only docker load before 1.10 reads this file, so nothing is lost with Docker 20.10 or 25+"
        var expected: [String: (tag: String, hex: String, image: String)] = [:]
        var unknowable: Set<String> = []
        for hex in recorded.keys.sorted() {
            let top = diffIDs(ofImage: hex)?.last.flatMap(BlobDigest.hex(ofDigest:))
            for tag in recorded[hex] ?? [] {
                let key = Familiar.familiar(tag)
                guard let top, ImageTagReference(tag) != nil else {
                    unknowable.insert(key)
                    continue
                }
                expected[key] = (tag, top, hex)
            }
        }
        var actual: [String: String] = [:]
        for (repository, tags) in repositories {
            for (tag, top) in tags { actual[Familiar.familiar("\(repository):\(tag)")] = top }
        }
        for key in expected.keys.sorted() {
            guard let want = expected[key] else { continue }
            let image = BlobDigest.digest(hex: want.image)
            if let got = actual[key] {
                guard got != want.hex else { continue }
                add(
                    .warning, .repositoriesMismatch, path: name, image: image, tag: want.tag,
                    "repositories maps \(want.tag) to \"\(got)\" but the top layer of its image "
                        + "\(Self.shortImage(want.image)) is \(BlobDigest.short(want.hex)): \(consequence). Rerun "
                        + "`drivershift export` to rewrite it")
            } else {
                add(
                    .warning, .repositoriesMismatch, path: name, image: image, tag: want.tag,
                    "repositories has no entry for \(want.tag) (image \(Self.shortImage(want.image))): \(consequence). "
                        + "Rerun `drivershift export` to rewrite it")
            }
        }
        for key in actual.keys.sorted() where expected[key] == nil && !unknowable.contains(key) {
            add(
                .warning, .repositoriesMismatch, path: name, tag: key,
                "repositories names \(key), which no image of the store has according to \(source): \(consequence). "
                    + "Rerun `drivershift export` to rewrite it")
        }
    }
}
