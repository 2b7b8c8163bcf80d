import CFileIO
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes one blob of an export store: bytes go to a `.partial-*` file while SHA-256 is computed on the way,
/// and only a blob whose digest is the expected one is renamed to its final name. A crash leaves a partial
/// file, never a wrong blob under a right name.
public final class BlobWriter: LayerByteSink {
    public let layout: ExportStoreLayout
    /// The digest (hex) the bytes must have; nil when the name is learnt from the bytes (daemon streams).
    public let expectedHex: String?
    public let partialPath: String
    private let descriptor: Int32
    private var hasher = SHA256()
    private var buffer: [UInt8]
    private var buffered = 0
    public private(set) var bytesWritten: UInt64 = 0
    private var bytesOnDisk: Int64 = 0
    private var bytesScheduled: Int64 = 0
    private var finished = false

    /// Bytes are written to disk in chunks of this size: large writes, few syscalls, flat memory.
    static let chunkBytes = 1 << 20

    public init(layout: ExportStoreLayout, expectedHex: String?) throws {
        self.layout = layout
        self.expectedHex = expectedHex
        let random = UInt64.random(in: 0...UInt64.max)
        partialPath =
            "\(layout.blobs)/\(ExportStoreLayout.partialPrefix)\(expectedHex ?? "stream")-\(String(random, radix: 16))"
        descriptor = open(partialPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LayerArchiveError.cannotOpen(path: partialPath, reason: String(cString: strerror(errno)))
        }
        buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(partialPath)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        bytesWritten += UInt64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let room = Self.chunkBytes - buffered
            let take = min(room, bytes.count - offset)
            buffer.withUnsafeMutableBytes { target in
                guard let destination = target.baseAddress, let source = bytes.baseAddress else { return }
                memcpy(destination + buffered, source + offset, take)
            }
            buffered += take
            offset += take
            if buffered == Self.chunkBytes { try flush() }
        }
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Flushes, fsyncs and checks the digest; on a match renames the blob into place and returns its hex.
    /// On a mismatch the partial file is removed and `digestMismatch` names both digests.
    @discardableResult
    public func commit() throws -> String {
        try flush()
        guard fsync(descriptor) == 0 else { throw failure("fsync") }
        close(descriptor)
        finished = true
        let actual = BlobDigest.hexString(hasher.finalize())
        if let expectedHex, expectedHex != actual {
            unlink(partialPath)
            throw LayerArchiveError.digestMismatch(
                expected: "sha256:\(expectedHex)", actual: "sha256:\(actual)", bytes: bytesWritten)
        }
        let final = layout.blob(hex: actual)
        guard rename(partialPath, final) == 0 else {
            let error = failure("rename to \(final)")
            unlink(partialPath)
            throw error
        }
        try ExportStoreWriter.syncDirectory(layout.blobs)
        return actual
    }

    /// Gives up on this blob: removes the partial file.
    public func abandon() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(partialPath)
    }

    private func flush() throws {
        var offset = 0
        while offset < buffered {
            let count = buffer.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress.map { $0 + offset }, buffered - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write")
            }
            offset += count
        }
        bytesOnDisk += Int64(buffered)
        buffered = 0
        // Start writeback of what is written so far: the disk works while we read and hash the next chunks, and
        // the fsync at commit waits only for the tail. Also keeps dirty pages from piling up in memory.
        if bytesOnDisk - bytesScheduled >= Self.writebackBytes {
            _ = drivershift_start_writeback(descriptor, bytesScheduled, bytesOnDisk - bytesScheduled)
            bytesScheduled = bytesOnDisk
        }
    }

    /// How much is written before writeback of it is started.
    static let writebackBytes: Int64 = 8 << 20

    private func failure(_ operation: String) -> LayerArchiveError {
        let reason = String(cString: strerror(errno))
        return .writeFailed(path: partialPath, operation: operation, reason: reason)
    }
}
