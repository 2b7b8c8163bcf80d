import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Creates an export store's directories and writes its small documents atomically (temp, fsync, rename).
/// Blobs are written by `BlobWriter`.
public struct ExportStoreWriter: Sendable {
    public let layout: ExportStoreLayout

    /// Creates the store's directories readable by root only, and removes partial blobs a crashed run left.
    public init(layout: ExportStoreLayout) throws {
        self.layout = layout
        for directory in [layout.root, "\(layout.root)/blobs", layout.blobs] {
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw LayerArchiveError.writeFailed(
                    path: directory, operation: "mkdir", reason: String(cString: strerror(errno)))
            }
            chmod(directory, 0o700)
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.blobs)) ?? []
        where name.hasPrefix(ExportStoreLayout.partialPrefix) {
            unlink("\(layout.blobs)/\(name)")
        }
    }

    /// Whether a blob with this digest is already in the store with the expected size. Blobs only ever get their
    /// final name after their digest was checked, so an existing one of the right size is a finished one.
    public func hasBlob(hex: String, size: UInt64?) -> Bool {
        var info = stat()
        guard lstat(layout.blob(hex: hex), &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        guard let size else { return true }
        return UInt64(info.st_size) == size
    }

    /// Writes a small blob (a config or a manifest) and returns its hex digest.
    @discardableResult
    public func writeBlob(_ data: Data, expectedHex: String? = nil) throws -> String {
        let writer = try BlobWriter(layout: layout, expectedHex: expectedHex)
        try writer.write(data)
        return try writer.commit()
    }

    /// Replaces `path` atomically with `data`, mode 0600.
    public func writeDocument(_ data: Data, to path: String) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(temporary, "open") }
        var offset = 0
        let written: Bool = data.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        guard written, fsync(descriptor) == 0 else {
            let error = failure(temporary, "write")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure(path, "rename")
            unlink(temporary)
            throw error
        }
        try Self.syncDirectory((path as NSString).deletingLastPathComponent)
    }

    public func writeJSON<Document: Encodable>(_ document: Document, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try writeDocument(encoder.encode(document), to: path)
    }

    /// fsync of a directory makes a rename in it durable across a power cut.
    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = fsync(descriptor)
    }

    private func failure(_ path: String, _ operation: String) -> LayerArchiveError {
        .writeFailed(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
