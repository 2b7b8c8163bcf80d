import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading the store's top-level documents: a missing or damaged one is a problem, and the checks that need it
/// are skipped.
extension StoreVerification {
    /// Only the version, read before the rest, so a newer format is named as such rather than as damage.
    private struct FormatVersionProbe: Decodable {
        let formatVersion: Int?
    }

    mutating func readDocuments() {
        var info = stat()
        if stat(layout.root, &info) == 0 { checkPermissions(Self.rootName, mode: info.st_mode, directory: true) }
        readLayoutFile()
        index = readJSON(
            OCIImageLayout.Index.self, Self.indexName, what: "OCI image index", missing: .error,
            consequence: "OCI tools (skopeo, podman, crane) and docker load 25+ cannot find the images")
        checkIndexHeader()
        dockerEntries = readJSON(
            [DockerArchiveManifest].self, Self.dockerManifestName, what: "docker manifest.json", missing: .error,
            consequence: "`docker load` cannot load the store")
        repositories = readJSON(
            [String: [String: String]].self, Self.repositoriesName, what: "docker repositories map", missing: .warning,
            consequence: "only docker load before 1.10 needs it, so nothing is lost with Docker 20.10 or 25+")
        readExportManifest()
        if index == nil || dockerEntries == nil || exportManifest == nil { referencesComplete = false }
        findPartialDocuments()
    }

    static let rootName = "."

    private mutating func readLayoutFile() {
        guard
            let layoutFile = readJSON(
                OCIImageLayout.LayoutFile.self, Self.ociLayoutName, what: "OCI layout file", missing: .error,
                consequence: "OCI tools (skopeo, podman, crane) do not recognise the directory as an image layout")
        else { return }
        if layoutFile.imageLayoutVersion != OCIImageLayout.layoutVersion {
            add(
                .error, .ociLayoutInvalid, path: Self.ociLayoutName,
                "oci-layout has imageLayoutVersion \"\(layoutFile.imageLayoutVersion)\", not "
                    + "\"\(OCIImageLayout.layoutVersion)\": OCI tools would refuse the layout. Rerun "
                    + "`drivershift export` to rewrite it, or write {\"imageLayoutVersion\": \"1.0.0\"} into it")
        }
    }

    private mutating func checkIndexHeader() {
        guard let index else { return }
        var faults: [String] = []
        if index.schemaVersion != 2 { faults.append("schemaVersion is \(index.schemaVersion), not 2") }
        if index.mediaType != OCIImageLayout.indexMediaType {
            faults.append(
                "mediaType is \(index.mediaType.map { "\"\($0)\"" } ?? "absent"), not \(OCIImageLayout.indexMediaType)")
        }
        guard !faults.isEmpty else { return }
        add(
            .error, .indexInvalid, path: Self.indexName,
            "index.json is not an OCI image index as drivershift writes it: \(faults.joined(separator: "; ")). "
                + "OCI tools may refuse it; rerun `drivershift export` to rewrite it")
    }

    private mutating func readExportManifest() {
        let name = Self.exportManifestName
        guard
            let data = readDocument(
                name, missing: .error,
                consequence: "it is written last, so the export that wrote this store did not finish, and the store "
                    + "cannot be checked against what was exported")
        else { return }
        let probe: FormatVersionProbe
        do {
            probe = try JSONDecoder().decode(FormatVersionProbe.self, from: data)
        } catch {
            add(
                .error, .invalidJSON, path: name,
                "\(name) is not valid JSON (\(DecodingErrorText.describe(error))): it was damaged after export. "
                    + "Rerun `drivershift export` to write it again")
            return
        }
        let known = ExportManifest.currentFormatVersion
        guard let version = probe.formatVersion else {
            add(
                .error, .exportManifestInvalid, path: name,
                "\(name) has no formatVersion: it was not written by drivershift, or was damaged. Rerun "
                    + "`drivershift export` to write it again")
            return
        }
        guard version == known else {
            let why =
                version > known
                ? "it was written by a newer drivershift; this one reads formatVersion \(known). Verify the store "
                    + "with the drivershift that exported it (or a newer one)"
                : "no drivershift writes that version (this one writes \(known)); the file was damaged. Rerun "
                    + "`drivershift export` to write it again"
            add(.error, .unknownFormatVersion, path: name, "\(name) has formatVersion \(version): \(why)")
            return
        }
        do {
            let manifest = try JSONDecoder().decode(ExportManifest.self, from: data)
            exportManifest = manifest
            for image in manifest.images {
                guard let hex = BlobDigest.hex(ofDigest: image.id), exportImages[hex] == nil else { continue }
                exportImages[hex] = image
            }
        } catch {
            add(
                .error, .exportManifestInvalid, path: name,
                "\(name) is not a drivershift export record (\(DecodingErrorText.describe(error))): it was "
                    + "damaged after export. Rerun `drivershift export` to write it again")
        }
    }

    /// Decodes a document; a missing or malformed one is reported with what it means for the store.
    private mutating func readJSON<Document: Decodable>(
        _ type: Document.Type, _ name: String, what: String, missing: StoreProblem.Severity, consequence: String
    ) -> Document? {
        guard let data = readDocument(name, missing: missing, consequence: consequence) else { return nil }
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch {
            add(
                missing == .error ? .error : .warning, .invalidJSON, path: name,
                "\(name) is not a valid \(what) (\(DecodingErrorText.describe(error))): it was damaged after export, "
                    + "so \(consequence). Rerun `drivershift export` to write it again")
            return nil
        }
    }

    /// The bytes of a top-level document, or nil with the reason reported.
    private mutating func readDocument(_ name: String, missing: StoreProblem.Severity, consequence: String) -> Data? {
        let path = "\(layout.root)/\(name)"
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT {
                add(
                    missing, .fileMissing, path: name,
                    "\(name) is missing: \(consequence). Rerun `drivershift export --to \(layout.root)` to write it")
            } else {
                add(
                    .error, .fileUnreadable, path: name,
                    "cannot read \(name): \(String(cString: strerror(errno))). The store is readable by root only: run as root"
                )
            }
            return nil
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            add(
                .error, .fileUnreadable, path: name,
                "\(name) is not a regular file: move it away and rerun `drivershift export`")
            return nil
        }
        checkPermissions(name, mode: info.st_mode, directory: false)
        guard UInt64(clamping: info.st_size) <= Self.documentLimit else {
            add(
                .error, .invalidJSON, path: name,
                "\(name) is \(info.st_size) bytes, far more than any store document: it is not what its name says. "
                    + "Move it away and rerun `drivershift export`")
            return nil
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            add(
                .error, .fileUnreadable, path: name,
                "cannot read \(name): \(error.localizedDescription). The store is readable by root only: run as root")
            return nil
        }
    }

    /// A document is written to `<name>.tmp-<pid>` and renamed; a crash in between leaves the temporary file.
    private mutating func findPartialDocuments() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.root)) ?? []
        for name in names.sorted() where name.contains(".tmp-") {
            add(
                .warning, .partialDocument, path: name,
                "\(name) is a document an export was writing when it was interrupted. Rerun `drivershift export` "
                    + "to finish the store, then delete it")
        }
    }

    /// Layers and configs can hold secrets: the store is for root only (directories 0700, files 0600).
    mutating func checkPermissions(_ name: String, mode: mode_t, directory: Bool) {
        guard mode & 0o077 != 0 else { return }
        let octal = String(mode & 0o7777, radix: 8)
        add(
            .warning, .permissionsTooOpen, path: name,
            "\(name == Self.rootName ? "the store's directory" : name) has mode \(octal): others than its owner can "
                + "read it, and image layers and configs can hold secrets. Run `chmod -R go-rwx \(layout.root)`")
    }
}
