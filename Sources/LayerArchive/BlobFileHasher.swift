import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Computes the SHA-256 of one file at a time while reading it through one buffer that is allocated once and
/// reused for every file, so memory stays flat however large a layer is. One hasher per thread: it is not shared.
final class BlobFileHasher {
    /// Large reads keep the disk streaming; two hashers in flight hold 8 MiB between them.
    static let defaultBufferBytes = 4 << 20

    private let buffer: UnsafeMutableRawBufferPointer

    init(bufferBytes: Int = BlobFileHasher.defaultBufferBytes) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferBytes, 4096), alignment: 4096)
    }

    deinit {
        buffer.deallocate()
    }

    /// Returns the file's sha256 (hex) and how many bytes were read; `onChunk` gets each chunk's byte count.
    func hash(path: String, onChunk: (Int) -> Void) throws -> (hex: String, bytes: UInt64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LayerArchiveError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var total: UInt64 = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw LayerArchiveError.archiveFailure(
                    path: path, operation: "reading", message: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += UInt64(count)
            onChunk(count)
        }
        return (BlobDigest.hexString(hasher.finalize()), total)
    }
}
