import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The blobs: every file of blobs/sha256 is hashed, then judged against every reference to it.
extension StoreVerification {
    mutating func hashBlobs(concurrentBlobs: Int, progress: @escaping @Sendable (StoreVerifyProgress) -> Void) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: layout.blobs).sorted()
        } catch {
            referencesComplete = false
            if access(layout.blobs, F_OK) != 0 {
                add(
                    .error, .fileMissing, path: Self.blobsName,
                    "blobs/sha256 is missing: the store holds no layers, configs or manifests. Rerun "
                        + "`drivershift export --to \(layout.root)`")
            } else {
                add(
                    .error, .fileUnreadable, path: Self.blobsName,
                    "cannot list blobs/sha256: \(error.localizedDescription). The store is readable by root only: run as root"
                )
            }
            return
        }
        blobsListed = true
        for directory in ["blobs", Self.blobsName] {
            var info = stat()
            if stat("\(layout.root)/\(directory)", &info) == 0 {
                checkPermissions(directory, mode: info.st_mode, directory: true)
            }
        }

        var jobs: [BlobHashingQueue.Job] = []
        var tooOpen: [String] = []
        for name in names {
            let relative = "\(Self.blobsName)/\(name)"
            if name.hasPrefix(ExportStoreLayout.partialPrefix) {
                add(
                    .warning, .partialBlob, path: relative,
                    "\(relative) is a blob an export was writing when it was interrupted; it was never given a blob's "
                        + "name, so nothing refers to it. Rerun `drivershift export` (it removes such leftovers and "
                        + "writes what is missing), or delete the file")
                continue
            }
            guard BlobDigest.isHex(name) else {
                add(
                    .warning, .unexpectedFile, path: relative,
                    "\(relative) is not named by a sha256 digest, so it is not a blob and nothing refers to it. "
                        + "Move it out of the store")
                continue
            }
            let path = layout.blob(hex: name)
            var info = stat()
            guard stat(path, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                blobs[name] = .unreadable(reason: reason)
                add(
                    .error, .blobUnreadable, path: relative,
                    "cannot read \(BlobDigest.shortPath(name)): \(reason). Run as root; if it is a dangling link, "
                        + "delete it and rerun `drivershift export` to write the blob again")
                continue
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                add(
                    .warning, .unexpectedFile, path: relative,
                    "\(BlobDigest.shortPath(name)) is not a regular file, so it cannot be a blob. Move it out of the "
                        + "store; rerun `drivershift export` if a blob of that name is needed")
                continue
            }
            if info.st_mode & 0o077 != 0 { tooOpen.append(relative) }
            jobs.append(BlobHashingQueue.Job(hex: name, path: path, size: UInt64(clamping: info.st_size)))
        }
        if let first = tooOpen.first {
            let others = tooOpen.count > 1 ? " and \(tooOpen.count - 1) other blob(s)" : ""
            add(
                .warning, .permissionsTooOpen, path: first,
                "\(first)\(others) can be read by others than their owner, and image layers and configs can hold "
                    + "secrets. Run `chmod -R go-rwx \(layout.root)`")
        }

        // Largest first, so the two threads finish together rather than one hashing the last big layer alone.
        jobs.sort { ($0.size, $1.hex) > ($1.size, $0.hex) }
        let queue = BlobHashingQueue(jobs: jobs, progress: progress)
        queue.start()
        let workers = min(concurrentBlobs, jobs.count)
        if workers > 0 {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let hasher = BlobFileHasher()
                while let position = queue.claim() {
                    let job = queue.jobs[position]
                    let result: BlobState
                    do {
                        let (hex, bytes) = try hasher.hash(path: job.path) { queue.hashed(bytes: $0) }
                        result = hex == job.hex ? .intact(size: bytes) : .changed(actualHex: hex, size: bytes)
                    } catch {
                        result = .unreadable(reason: "\(error)")
                    }
                    queue.finish(position, with: result)
                }
            }
        }
        for (job, result) in zip(queue.jobs, queue.results) {
            blobs[job.hex] = result
            if case .unreadable(let reason) = result {
                add(
                    .error, .blobUnreadable, path: ExportStoreLayout.relativeBlobPath(hex: job.hex),
                    "\(BlobDigest.shortPath(job.hex)) could not be read to the end (\(reason)). Check the disk "
                        + "(dmesg); delete the blob and rerun `drivershift export` to write it again")
            }
        }
        blobsChecked = jobs.count
        bytesHashed = queue.bytesHashed
    }

    /// The bytes of a config or manifest blob, only when its sha256 matched its name: a changed blob is already
    /// reported, and reading meaning into its bytes would only add consequences of that one problem.
    mutating func smallBlob(_ hex: String, role: BlobReference.Role, image: String?) -> Data? {
        guard case .intact(let size)? = blobs[hex] else { return nil }
        let relative = ExportStoreLayout.relativeBlobPath(hex: hex)
        guard size <= Self.smallBlobLimit else {
            add(
                .error, role == .config ? .configInvalid : .manifestInvalid, path: relative, image: image,
                "\(BlobDigest.shortPath(hex)) is named as \(role.described) but is \(size) bytes, far more than one "
                    + "(a layer?): the document naming it is wrong. Rerun `drivershift export` into a new directory")
            return nil
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: layout.blob(hex: hex)))
        } catch {
            add(
                .error, .blobUnreadable, path: relative, image: image,
                "cannot read \(BlobDigest.shortPath(hex)): \(error.localizedDescription). Run as root")
            return nil
        }
    }

    /// Judges each blob once, with every reference to it: missing, changed (reported by what it is: a config
    /// whose ID no longer holds, a blob cut short, other changed bytes), or intact but recorded with another size.
    mutating func checkBlobReferences() {
        // Without a listing every blob would be "missing"; the one problem about blobs/sha256 says it all.
        guard blobsListed else { return }
        for hex in references.keys.sorted() {
            let found = references[hex] ?? []
            guard let first = found.first else { continue }
            let relative = ExportStoreLayout.relativeBlobPath(hex: hex)
            let short = BlobDigest.shortPath(hex)
            let image = found.lazy.compactMap(\.image).first
            let tag = found.lazy.compactMap(\.tag).first
            let role = found.contains { $0.role == .config } ? BlobReference.Role.config : first.role
            let what = Self.describe(role, image: image, hex: hex)
            var referrers: [String] = []
            for reference in found where !referrers.contains(reference.referrer) {
                referrers.append(reference.referrer)
            }
            switch blobs[hex] {
            case nil:
                add(
                    .error, .blobMissing, path: relative, image: image, tag: tag,
                    "\(short), \(what), is missing (named by \(Self.describeReferrers(referrers))): the "
                        + "export did not finish or the file was deleted. Rerun `drivershift export` to write it")
            case .unreadable?:
                continue
            case .changed(let actualHex, let size)?:
                let expected = Array(Set(found.compactMap(\.expectedSize))).sorted()
                let sizeNote =
                    expected.isEmpty || expected.contains(size)
                    ? "" : " and is \(size) bytes, not \(Self.list(expected.map(String.init)))"
                if role == .config {
                    add(
                        .error, .configIDMismatch, path: relative, image: image, tag: tag,
                        "\(short), \(what), has sha256 \(BlobDigest.short(actualHex))\(sizeNote): its bytes were "
                            + "changed after export, so it no longer has that image ID and docker load would refuse "
                            + "it. Delete it and rerun `drivershift export` to write it again")
                } else if !sizeNote.isEmpty {
                    add(
                        .error, .blobSizeMismatch, path: relative, image: image, tag: tag,
                        "\(short), \(what), is \(size) bytes where \(Self.describeReferrers(referrers)) "
                            + "say \(Self.list(expected.map(String.init))), and has sha256 \(BlobDigest.short(actualHex)): "
                            + "it was truncated or extended after export (a full disk, an interrupted copy?). Delete it "
                            + "and rerun `drivershift export` to write it again")
                } else {
                    add(
                        .error, .blobDigestMismatch, path: relative, image: image, tag: tag,
                        "\(short) (\(what)) has sha256 \(BlobDigest.short(actualHex)): its bytes were changed after "
                            + "export. Delete it and rerun `drivershift export` to write it again")
                }
            case .intact(let size)?:
                var reported: Set<String> = []
                for reference in found {
                    guard let expected = reference.expectedSize, expected != size,
                        reported.insert("\(reference.referrer) \(expected)").inserted
                    else { continue }
                    add(
                        .error, .recordedSizeMismatch, path: reference.referrer, image: reference.image ?? image,
                        tag: reference.tag ?? tag,
                        "\(Self.shortReferrer(reference.referrer)) says \(short) (\(what)) is \(expected) bytes, but "
                            + "it is \(size) bytes and its sha256 matches its name: the record is wrong, not the blob. "
                            + "Tools that check sizes (skopeo, containerd) would refuse it; rerun `drivershift export` "
                            + "into a new directory to write the records again")
                }
            }
        }
        for hex in blobs.keys.sorted() where references[hex] == nil {
            let relative = ExportStoreLayout.relativeBlobPath(hex: hex)
            switch blobs[hex] {
            case .changed(let actualHex, _)?:
                add(
                    .error, .blobDigestMismatch, path: relative,
                    "\(BlobDigest.shortPath(hex)) has sha256 \(BlobDigest.short(actualHex)): its bytes were changed "
                        + "after export. Nothing in the store refers to it: delete it")
            case .intact(let size)? where referencesComplete:
                add(
                    .warning, .blobUnreferenced, path: relative,
                    "\(BlobDigest.shortPath(hex)) (\(size) bytes) is intact but no index, manifest or record refers "
                        + "to it, so no image needs it: it only takes space. Delete it if the space is needed")
            default:
                continue
            }
        }
    }

    static func describe(_ role: BlobReference.Role, image: String?, hex: String) -> String {
        switch role {
        case .config: return "the config of image \(shortImage(hex))"
        case .manifest, .layer:
            guard let image, let imageHex = BlobDigest.hex(ofDigest: image) else { return role.described }
            return "\(role == .layer ? "a layer" : "the OCI manifest") of image \(shortImage(imageHex))"
        }
    }

    /// A referrer as a person reads it: manifests are blobs too, and their hex is long.
    static func shortReferrer(_ referrer: String) -> String {
        guard let hex = BlobDigest.hex(ofBlobPath: referrer) else { return referrer }
        return "the OCI manifest \(BlobDigest.shortPath(hex))"
    }

    /// "the OCI manifest blobs/sha256/ab12…, manifest.json", or "3 OCI manifests, manifest.json" for a shared layer.
    static func describeReferrers(_ referrers: [String]) -> String {
        let manifests = referrers.filter { BlobDigest.hex(ofBlobPath: $0) != nil }
        let documents = referrers.filter { BlobDigest.hex(ofBlobPath: $0) == nil }
        let named = manifests.count > 1 ? ["\(manifests.count) OCI manifests"] : manifests.map(shortReferrer)
        return list(named + documents)
    }
}
