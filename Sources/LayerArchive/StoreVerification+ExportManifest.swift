/// drivershift-export.json against the blobs and manifest.json: its images, layers and sizes.
extension StoreVerification {
    mutating func checkExportManifest() {
        guard let export = exportManifest else { return }
        let name = Self.exportManifestName
        var seen: Set<String> = []
        for (position, record) in export.images.enumerated() {
            guard let hex = BlobDigest.hex(ofDigest: record.id) else {
                referencesComplete = false
                add(
                    .error, .exportManifestInvalid, path: name, tag: record.tags.first,
                    "\(name) images[\(position)].id is \"\(record.id)\", not a sha256 image ID. Rerun `drivershift export`"
                )
                continue
            }
            let image = record.id
            let tag = record.tags.first
            guard seen.insert(hex).inserted else {
                add(
                    .error, .exportManifestInvalid, path: name, image: image, tag: tag,
                    "\(name) records image \(Self.shortImage(hex)) twice (again at images[\(position)]). Rerun `drivershift export`"
                )
                continue
            }
            addReference(hex, .config, referrer: name, image: image, tag: tag, expectedSize: record.configSize)
            var listed: [String] = []
            var strangeSources: [String] = []
            for (layerPosition, layer) in record.layers.enumerated() {
                listed.append(layer.diffID)
                guard let layerHex = BlobDigest.hex(ofDigest: layer.diffID) else {
                    referencesComplete = false
                    add(
                        .error, .exportManifestInvalid, path: name, image: image, tag: tag,
                        "\(name) images[\(position)].layers[\(layerPosition)].diffID is \"\(layer.diffID)\", not a "
                            + "sha256 digest. Rerun `drivershift export`")
                    continue
                }
                addReference(layerHex, .layer, referrer: name, image: image, tag: tag, expectedSize: layer.size)
                if !Self.knownLayerSources.contains(layer.source) && !strangeSources.contains(layer.source) {
                    strangeSources.append(layer.source)
                }
            }
            if !strangeSources.isEmpty {
                add(
                    .warning, .unknownLayerSource, path: name, image: image, tag: tag,
                    "\(name) says layers of image \(Self.shortImage(hex)) were produced by "
                        + "\(Self.list(strangeSources.map { "\"\($0)\"" })), none of tar-split, tar-split+pool-files, "
                        + "tar-split+libdevmapper or daemon. Their bytes "
                        + "are still checked against their sha256, so nothing is lost")
            }
            if let diffIDs = diffIDs(ofImage: hex), listed != diffIDs {
                add(
                    .error, .layersDifferFromDiffIDs, path: name, image: image, tag: tag,
                    "\(name)'s layers for image \(Self.shortImage(hex)) "
                        + "\(Self.describeDifference(listed: listed, diffIDs: diffIDs)): the record does not describe "
                        + "the image. Rerun `drivershift export` into a new directory")
            }
            if let parent = record.parent, BlobDigest.hex(ofDigest: parent) == nil {
                add(
                    .error, .exportManifestInvalid, path: name, image: image, tag: tag,
                    "\(name) gives image \(Self.shortImage(hex)) the parent \"\(parent)\", not a sha256 image ID. "
                        + "Rerun `drivershift export`")
            }
            if dockerEntries != nil && dockerImages[hex] == nil {
                add(
                    .error, .imageMissingFromDockerManifest, path: Self.dockerManifestName, image: image, tag: tag,
                    "image \(Self.shortImage(hex)) (\(Self.list(record.tags))) is recorded in \(name) but manifest.json "
                        + "does not list it: `docker load` would not load it. Rerun `drivershift export` to rewrite manifest.json"
                )
            }
        }
        for skipped in export.notExported {
            add(
                .warning, .imageNotExported, path: name, image: skipped.image, tag: skipped.tags.first,
                "image \(skipped.image) (\(Self.list(skipped.tags))) was not exported: \(skipped.reason). The store does "
                    + "not hold it, so a migration from this store will not bring it back; fix the cause and rerun "
                    + "`drivershift export`, or save it another way")
        }
    }
}
