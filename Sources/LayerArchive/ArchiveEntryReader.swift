import CArchive

/// Reads the members of a tar stream (e.g. `docker save` output arriving on a pipe) one at a time through
/// libarchive, handing out each member's bytes in chunks so nothing is held whole in memory.
public final class ArchiveEntryReader {
    public struct Entry: Sendable {
        public let path: String
        public let size: UInt64
        public let isRegularFile: Bool
    }

    private let handle: OpaquePointer
    private let label: String

    /// Reads from `descriptor` (not closed here); `label` names the stream in errors.
    public init(descriptor: Int32, label: String) throws {
        guard let handle = archive_read_new() else {
            throw LayerArchiveError.cannotOpen(path: label, reason: "libarchive could not allocate a reader")
        }
        self.handle = handle
        self.label = label
        archive_read_support_format_tar(handle)
        archive_read_support_filter_all(handle)
        guard archive_read_open_fd(handle, descriptor, 1 << 20) == ARCHIVE_OK else {
            throw LayerArchiveError.archiveFailure(path: label, operation: "opening the archive", message: message())
        }
    }

    deinit {
        archive_read_free(handle)
    }

    /// The next member, or nil at the end of the archive.
    public func next() throws -> Entry? {
        var entry: OpaquePointer?
        let code = archive_read_next_header(handle, &entry)
        if code == ARCHIVE_EOF { return nil }
        guard code == ARCHIVE_OK || code == ARCHIVE_WARN, let entry else {
            throw LayerArchiveError.archiveFailure(
                path: label, operation: "reading the next member", message: message())
        }
        let path = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let size = UInt64(max(0, archive_entry_size(entry)))
        let isRegular = archive_entry_filetype(entry) == UInt32(0o100000)
        return Entry(path: path, size: size, isRegularFile: isRegular)
    }

    /// Copies the current member's bytes into `sink`.
    public func copyData(into sink: inout some LayerByteSink) throws {
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        var position: la_int64_t = 0
        let zeros = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let code = archive_read_data_block(handle, &buffer, &size, &offset)
            if code == ARCHIVE_EOF { return }
            guard code == ARCHIVE_OK || code == ARCHIVE_WARN else {
                throw LayerArchiveError.archiveFailure(
                    path: label, operation: "reading member data", message: message())
            }
            // A sparse member arrives with gaps in its offsets; the holes are zeros in the member's bytes.
            while position < offset {
                let count = Int(min(la_int64_t(zeros.count), offset - position))
                try zeros.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                position += la_int64_t(count)
            }
            if let buffer, size > 0 {
                try sink.write(UnsafeRawBufferPointer(start: buffer, count: size))
                position += la_int64_t(size)
            }
        }
    }

    private func message() -> String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
