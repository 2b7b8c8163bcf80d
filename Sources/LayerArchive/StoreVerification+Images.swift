import Foundation

/// The images: index.json's descriptors and their OCI manifests, manifest.json's entries and
/// drivershift-export.json's records, each checked against the image config's `rootfs.diff_ids`.
extension StoreVerification {
    /// The config's `rootfs.diff_ids` (`sha256:<hex>` each), read once; nil when the config is missing, changed
    /// (both reported as blob problems) or not an image config (reported here).
    mutating func diffIDs(ofImage hex: String) -> [String]? {
        if let known = configDiffIDs[hex] { return known }
        guard !unusableConfigs.contains(hex) else { return nil }
        unusableConfigs.insert(hex)
        let image = BlobDigest.digest(hex: hex)
        guard let data = smallBlob(hex, role: .config, image: image) else { return nil }
        let relative = ExportStoreLayout.relativeBlobPath(hex: hex)
        let advice =
            "Rerun `drivershift export` into a new directory; if it comes back, the image is damaged in Docker itself"
        let config: ImageConfigRootFS
        do {
            config = try JSONDecoder().decode(ImageConfigRootFS.self, from: data)
        } catch {
            add(
                .error, .configInvalid, path: relative, image: image,
                "\(BlobDigest.shortPath(hex)), the config of image \(Self.shortImage(hex)), is not an image config "
                    + "(\(DecodingErrorText.describe(error))). \(advice)")
            return nil
        }
        guard let diffIDs = config.rootfs?.diff_ids else {
            add(
                .error, .configInvalid, path: relative, image: image,
                "\(BlobDigest.shortPath(hex)), the config of image \(Self.shortImage(hex)), has no rootfs.diff_ids, "
                    + "so its layers cannot be known. \(advice)")
            return nil
        }
        if let bad = diffIDs.first(where: { BlobDigest.hex(ofDigest: $0) == nil }) {
            add(
                .error, .configInvalid, path: relative, image: image,
                "\(BlobDigest.shortPath(hex)), the config of image \(Self.shortImage(hex)), lists \"\(bad)\" in "
                    + "rootfs.diff_ids, not a sha256 digest. \(advice)")
            return nil
        }
        unusableConfigs.remove(hex)
        configDiffIDs[hex] = diffIDs
        return diffIDs
    }

    mutating func checkIndex() {
        guard let index else { return }
        for (position, descriptor) in index.manifests.enumerated() {
            let name = descriptor.annotations?[OCIImageLayout.imageNameAnnotation]
            let refName = descriptor.annotations?[OCIImageLayout.refNameAnnotation]
            let at = "index.json manifests[\(position)]\(name.map { " (\($0))" } ?? "")"
            checkAnnotations(at: at, name: name, refName: refName)
            if descriptor.mediaType != OCIImageLayout.manifestMediaType {
                add(
                    .error, .descriptorInvalid, path: Self.indexName, tag: name,
                    "\(at) has mediaType \"\(descriptor.mediaType)\", not \(OCIImageLayout.manifestMediaType): "
                        + "OCI tools would not read it as an image. Rerun `drivershift export` to rewrite index.json")
            }
            var imageHex: String?
            if let manifestHex = BlobDigest.hex(ofDigest: descriptor.digest) {
                imageHex = configOfManifest(manifestHex, tag: name)
                addReference(
                    manifestHex, .manifest, referrer: Self.indexName, image: imageHex.map(BlobDigest.digest(hex:)),
                    tag: name, expectedSize: descriptor.size)
            } else {
                add(
                    .error, .descriptorInvalid, path: Self.indexName, tag: name,
                    "\(at) has digest \"\(descriptor.digest)\", not sha256:<64 hex>: the image it stands for cannot "
                        + "be found. Rerun `drivershift export` to rewrite index.json")
            }
            if imageHex == nil {
                referencesComplete = false
                if let name {
                    unresolvedIndexNames.insert(ImageTagReference.familiar(name))
                } else {
                    unresolvedUntaggedIndexEntry = true
                }
            }
            indexEntries.append(IndexEntry(position: position, name: name, imageHex: imageHex))
        }
    }

    /// The name skopeo and podman select by (ref.name) must be the full reference containerd reads: a bare tag
    /// would be ambiguous as soon as two repositories share one (app:1 and base:1).
    private mutating func checkAnnotations(at: String, name: String?, refName: String?) {
        let fault: String
        switch (name, refName) {
        case (nil, nil):
            return
        case (nil, let refName?):
            fault =
                "has \(OCIImageLayout.refNameAnnotation)=\"\(refName)\" but no \(OCIImageLayout.imageNameAnnotation)"
        case (let name?, let refName):
            guard ImageTagReference(name) != nil else {
                fault = "has \(OCIImageLayout.imageNameAnnotation)=\"\(name)\", which is not a repository:tag reference"
                break
            }
            guard refName != name else { return }
            fault =
                "has \(OCIImageLayout.refNameAnnotation)=\(refName.map { "\"\($0)\"" } ?? "absent") where the image "
                + "is \"\(name)\""
        }
        add(
            .error, .annotationMismatch, path: Self.indexName, tag: name,
            "\(at) \(fault): skopeo and podman select images by that name. Rerun `drivershift export` to rewrite index.json"
        )
    }

    /// Checks one OCI manifest blob, read once, and returns the image ID (hex) its config names.
    private mutating func configOfManifest(_ hex: String, tag: String?) -> String? {
        if let known = manifestConfigs[hex] { return known }
        guard !unusableManifests.contains(hex) else { return nil }
        unusableManifests.insert(hex)
        guard let data = smallBlob(hex, role: .manifest, image: nil) else { return nil }
        let relative = ExportStoreLayout.relativeBlobPath(hex: hex)
        let manifest: OCIImageLayout.Manifest
        do {
            manifest = try JSONDecoder().decode(OCIImageLayout.Manifest.self, from: data)
        } catch {
            add(
                .error, .manifestInvalid, path: relative, tag: tag,
                "\(BlobDigest.shortPath(hex)), named by index.json as an OCI manifest, is not one "
                    + "(\(DecodingErrorText.describe(error))). Rerun `drivershift export` into a new directory")
            return nil
        }
        var faults: [String] = []
        if manifest.schemaVersion != 2 { faults.append("schemaVersion is \(manifest.schemaVersion), not 2") }
        if manifest.mediaType != OCIImageLayout.manifestMediaType {
            faults.append(
                "mediaType is \(manifest.mediaType.map { "\"\($0)\"" } ?? "absent"), not \(OCIImageLayout.manifestMediaType)"
            )
        }
        if manifest.config.mediaType != OCIImageLayout.configMediaType {
            faults.append("config.mediaType is \"\(manifest.config.mediaType)\", not \(OCIImageLayout.configMediaType)")
        }
        if let wrong = manifest.layers.firstIndex(where: { $0.mediaType != OCIImageLayout.layerMediaType }) {
            faults.append(
                "layers[\(wrong)].mediaType is \"\(manifest.layers[wrong].mediaType)\", not \(OCIImageLayout.layerMediaType)"
            )
        }
        let configHex = BlobDigest.hex(ofDigest: manifest.config.digest)
        if configHex == nil { faults.append("config.digest \"\(manifest.config.digest)\" is not sha256:<64 hex>") }
        let image = configHex.map(BlobDigest.digest(hex:))
        if let configHex {
            addReference(
                configHex, .config, referrer: relative, image: image, tag: tag, expectedSize: manifest.config.size)
        }
        for (position, layer) in manifest.layers.enumerated() {
            guard let layerHex = BlobDigest.hex(ofDigest: layer.digest) else {
                faults.append("layers[\(position)].digest \"\(layer.digest)\" is not sha256:<64 hex>")
                continue
            }
            addReference(layerHex, .layer, referrer: relative, image: image, tag: tag, expectedSize: layer.size)
        }
        if !faults.isEmpty {
            add(
                .error, .manifestInvalid, path: relative, image: image, tag: tag,
                "\(BlobDigest.shortPath(hex)), an OCI manifest, is not as drivershift writes it: "
                    + "\(faults.joined(separator: "; ")). OCI tools may refuse it; rerun `drivershift export` into a new directory"
            )
        }
        guard let configHex else {
            referencesComplete = false
            return nil
        }
        if let diffIDs = diffIDs(ofImage: configHex) {
            let listed = manifest.layers.map(\.digest)
            if listed != diffIDs {
                add(
                    .error, .layersDifferFromDiffIDs, path: relative, image: image, tag: tag,
                    "the OCI manifest \(BlobDigest.shortPath(hex)) of image \(Self.shortImage(configHex)) "
                        + "\(Self.describeDifference(listed: listed, diffIDs: diffIDs)): an image read through it would "
                        + "not have its ID. Rerun `drivershift export` into a new directory")
            }
        }
        unusableManifests.remove(hex)
        manifestConfigs[hex] = configHex
        return configHex
    }

    mutating func checkDockerManifest() {
        guard let entries = dockerEntries else { return }
        let name = Self.dockerManifestName
        for (position, entry) in entries.enumerated() {
            guard let hex = BlobDigest.hex(ofBlobPath: entry.Config) else {
                referencesComplete = false
                add(
                    .error, .dockerManifestInvalid, path: name, tag: entry.RepoTags?.first,
                    "manifest.json[\(position)].Config is \"\(entry.Config)\", not blobs/sha256/<64 hex>: docker load "
                        + "cannot find that image's config. Rerun `drivershift export` to rewrite manifest.json")
                continue
            }
            let image = BlobDigest.digest(hex: hex)
            let tag = entry.RepoTags?.first
            guard dockerImages[hex] == nil else {
                add(
                    .error, .dockerManifestInvalid, path: name, image: image, tag: tag,
                    "manifest.json lists image \(Self.shortImage(hex)) twice (again at [\(position)]): docker load would "
                        + "load it twice and keep the tags of the last. Rerun `drivershift export` to rewrite manifest.json"
                )
                continue
            }
            dockerImages[hex] = entry
            addReference(hex, .config, referrer: name, image: image, tag: tag, expectedSize: nil)
            var listed: [String] = []
            for (layerPosition, layer) in entry.Layers.enumerated() {
                guard let layerHex = BlobDigest.hex(ofBlobPath: layer) else {
                    referencesComplete = false
                    add(
                        .error, .dockerManifestInvalid, path: name, image: image, tag: tag,
                        "manifest.json[\(position)].Layers[\(layerPosition)] is \"\(layer)\", not blobs/sha256/<64 hex>: "
                            + "docker load cannot find that layer. Rerun `drivershift export` to rewrite manifest.json")
                    listed.append(layer)
                    continue
                }
                addReference(layerHex, .layer, referrer: name, image: image, tag: tag, expectedSize: nil)
                listed.append(BlobDigest.digest(hex: layerHex))
            }
            if let diffIDs = diffIDs(ofImage: hex), listed != diffIDs {
                add(
                    .error, .layersDifferFromDiffIDs, path: name, image: image, tag: tag,
                    "manifest.json's Layers for image \(Self.shortImage(hex)) "
                        + "\(Self.describeDifference(listed: listed, diffIDs: diffIDs)): docker load would refuse the "
                        + "image (\"layers from manifest don't match image configuration\"). Rerun `drivershift export` "
                        + "to rewrite manifest.json")
            }
            if exportManifest != nil && exportImages[hex] == nil {
                add(
                    .error, .imageNotRecorded, path: name, image: image, tag: tag,
                    "manifest.json lists image \(Self.shortImage(hex)), which drivershift-export.json does not record: "
                        + "the documents come from different exports. Rerun `drivershift export` into a new directory")
            }
        }
        checkParents()
    }

    /// docker load links an image to its `Parent`, and fails when that image is not loaded too.
    private mutating func checkParents() {
        let name = Self.dockerManifestName
        for hex in dockerImages.keys.sorted() {
            guard let entry = dockerImages[hex] else { continue }
            let image = BlobDigest.digest(hex: hex)
            let tag = entry.RepoTags?.first
            let recorded = exportImages[hex]?.parent
            guard let parent = entry.Parent, !parent.isEmpty else {
                if let recorded, let recordedHex = BlobDigest.hex(ofDigest: recorded), storeHas(recordedHex) {
                    add(
                        .warning, .parentMismatch, path: name, image: image, tag: tag,
                        "drivershift-export.json records \(Self.shortImage(recordedHex)) as the parent of image "
                            + "\(Self.shortImage(hex)) and both are in the store, but manifest.json gives no Parent: "
                            + "docker load will not restore the link (only `docker history` and filters see it). "
                            + "Rerun `drivershift export` to rewrite manifest.json")
                }
                continue
            }
            guard let parentHex = BlobDigest.hex(ofDigest: parent) else {
                add(
                    .error, .parentInvalid, path: name, image: image, tag: tag,
                    "manifest.json gives image \(Self.shortImage(hex)) the Parent \"\(parent)\", not a sha256 image ID: "
                        + "docker load would fail. Rerun `drivershift export` to rewrite manifest.json")
                continue
            }
            if let recorded, recorded != parent {
                add(
                    .error, .parentMismatch, path: name, image: image, tag: tag,
                    "manifest.json gives image \(Self.shortImage(hex)) the Parent \(Self.shortImage(parentHex)), "
                        + "drivershift-export.json records \(recorded): the documents disagree. Rerun `drivershift export`"
                )
            }
            if parentHex == hex {
                add(
                    .error, .parentInvalid, path: name, image: image, tag: tag,
                    "manifest.json makes image \(Self.shortImage(hex)) its own Parent: docker load would fail. "
                        + "Rerun `drivershift export` to rewrite manifest.json")
            } else if !storeHas(parentHex) {
                add(
                    .error, .parentInvalid, path: name, image: image, tag: tag,
                    "manifest.json gives image \(Self.shortImage(hex)) the Parent \(Self.shortImage(parentHex)), which "
                        + "is not in the store: docker load would fail on it. Rerun `drivershift export` (it names a "
                        + "parent only when it exports it too)")
            } else if let own = diffIDs(ofImage: hex), let inherited = diffIDs(ofImage: parentHex),
                !own.starts(with: inherited)
            {
                add(
                    .error, .parentInvalid, path: name, image: image, tag: tag,
                    "manifest.json gives image \(Self.shortImage(hex)) the Parent \(Self.shortImage(parentHex)), whose "
                        + "\(inherited.count) layer(s) are not the first layers of the image: it cannot be its parent, "
                        + "and docker load would refuse it. Rerun `drivershift export` to rewrite manifest.json")
            }
        }
    }

    func storeHas(_ hex: String) -> Bool {
        dockerImages[hex] != nil || exportImages[hex] != nil
    }

    /// "lists 3 layers where the config's rootfs.diff_ids has 2", or where the first difference is.
    static func describeDifference(listed: [String], diffIDs: [String]) -> String {
        func short(_ digest: String) -> String {
            BlobDigest.hex(ofDigest: digest).map(shortImage) ?? "\"\(digest)\""
        }
        if listed.count != diffIDs.count {
            return "lists \(listed.count) layer(s) where the config's rootfs.diff_ids has \(diffIDs.count)"
        }
        if listed.sorted() == diffIDs.sorted() {
            return "lists the config's layers in another order than its rootfs.diff_ids"
        }
        let position = listed.indices.first { listed[$0] != diffIDs[$0] } ?? 0
        return "lists \(short(listed[position])) as layer \(position + 1) where the config's rootfs.diff_ids has "
            + short(diffIDs[position])
    }
}
