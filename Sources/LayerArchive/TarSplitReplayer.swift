import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Rebuilds a layer's exact tar from its tar-split and its files: raw segments (headers, padding, the end
/// marker) are copied verbatim and each member's content is read from the layer's files, so the bytes, and
/// thus the sha256, are the diffID's. Memory stays flat: one reused read buffer, one tar-split line at a time.
public enum TarSplitReplayer {
    /// Read size for member content: large enough that syscalls and sink calls are noise.
    static let bufferBytes = 1 << 20
    /// `progress` is called about this often (and once at the end).
    static let progressInterval: UInt64 = 8 << 20

    /// Streams the layer tar described by `tarSplitPath` over the files under `layerRoot` into `sink` and
    /// returns how many bytes it wrote. Member names are resolved safely (`LayerRootDirectory`); a missing,
    /// resized or non-regular member stops the replay with an error naming it.
    @discardableResult
    public static func replay(
        tarSplitPath: String,
        layerRoot: String,
        into sink: inout some LayerByteSink,
        progress: (UInt64) -> Void = { _ in }
    ) throws -> UInt64 {
        let reader = try TarSplitReader(path: tarSplitPath)
        let root = try LayerRootDirectory(path: layerRoot)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferBytes, alignment: 4096)
        defer { buffer.deallocate() }
        var counter = ProgressCounter()

        while let entry = try reader.next() {
            switch entry {
            case .segment(let bytes):
                try bytes.withUnsafeBytes { try sink.write($0) }
                if let due = counter.add(UInt64(bytes.count)) { progress(due) }
            case .file(let name, let size, _):
                // Directories, links, whiteouts and empty files have no content to read.
                guard size > 0 else { continue }
                try copyContent(
                    of: name, size: size, from: root, buffer: buffer, into: &sink, counter: &counter, progress: progress
                )
            }
        }
        progress(counter.total)
        return counter.total
    }

    /// Copies exactly `size` bytes of the member's file into `sink`, refusing a file of any other size.
    private static func copyContent(
        of name: [UInt8],
        size: UInt64,
        from root: LayerRootDirectory,
        buffer: UnsafeMutableRawBufferPointer,
        into sink: inout some LayerByteSink,
        counter: inout ProgressCounter,
        progress: (UInt64) -> Void
    ) throws {
        let (descriptor, sizeOnDisk) = try root.openRegularFile(tarName: name)
        defer { close(descriptor) }
        func changed(_ actual: UInt64) -> LayerArchiveError {
            .layerFileChanged(
                member: TarMemberName.display(name), layerRoot: root.path, expectedSize: size, actualSize: actual)
        }
        // Checked before any byte is written, so the error states both sizes exactly.
        guard sizeOnDisk == size else { throw changed(sizeOnDisk) }
        if size > UInt64(buffer.count) {
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        }

        var remaining = size
        while remaining > 0 {
            // The last read asks for one byte more than is left, so a file that grew meanwhile shows without an
            // extra syscall. (Holes of sparse files read as zeros, as Docker wrote them.)
            let want = Int(min(UInt64(buffer.count), remaining + 1))
            let count = read(descriptor, buffer.baseAddress, want)
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw LayerArchiveError.layerReadFailed(
                    path: "\(root.path)/\(TarMemberName.display(name))", operation: "reading",
                    reason: String(cString: strerror(code)))
            }
            if count == 0 { throw changed(size - remaining) }
            if UInt64(count) > remaining { throw changed(size + UInt64(count) - remaining) }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            remaining -= UInt64(count)
            if let due = counter.add(UInt64(count)) { progress(due) }
        }
    }

    /// Running total that says when a progress report is due (roughly every `progressInterval` bytes).
    private struct ProgressCounter {
        private(set) var total: UInt64 = 0
        private var nextReport = TarSplitReplayer.progressInterval

        /// Adds `bytes`; returns the new total when a report is due.
        mutating func add(_ bytes: UInt64) -> UInt64? {
            total += bytes
            guard total >= nextReport else { return nil }
            nextReport = total + TarSplitReplayer.progressInterval
            return total
        }
    }
}
