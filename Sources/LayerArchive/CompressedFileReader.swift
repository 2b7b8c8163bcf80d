import CArchive

/// Streams the decompressed bytes of one gzip (or otherwise compressed, or plain) file through libarchive's
/// raw format, so memory stays flat whatever the file's size.
///
/// A final class owns the `archive` handle and frees it in deinit; every return code is checked in one place
/// and failures carry libarchive's own message.
public final class CompressedFileReader {
    public let path: String
    private let handle: OpaquePointer
    private var finished = false

    public init(path: String) throws {
        guard let handle = archive_read_new() else {
            throw LayerArchiveError.cannotOpen(path: path, reason: "libarchive could not allocate a reader")
        }
        self.handle = handle
        self.path = path
        try check(archive_read_support_filter_all(handle), "enabling decompression filters")
        try check(archive_read_support_format_raw(handle), "enabling the raw format")
        // A tar-split with no entries at all (an empty file or empty gzip) is an empty stream, not an error.
        try check(archive_read_support_format_empty(handle), "enabling the empty format")
        let opened = archive_read_open_filename(handle, path, 64 * 1024)
        if opened != ARCHIVE_OK {
            throw LayerArchiveError.cannotOpen(path: path, reason: lastMessage())
        }
        let header = archive_read_next_header2(handle, archive_entry_new())
        if header == ARCHIVE_EOF {
            finished = true
        } else {
            try check(header, "reading the stream header")
        }
    }

    deinit {
        archive_read_free(handle)
    }

    /// Fills `buffer` from the start and returns how many bytes were read; 0 at the end of the stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished { return 0 }
        let count = archive_read_data(handle, buffer.baseAddress, buffer.count)
        if count < 0 {
            throw LayerArchiveError.archiveFailure(path: path, operation: "decompressing", message: lastMessage())
        }
        if count == 0 { finished = true }
        return count
    }

    private func check(_ code: Int32, _ operation: String) throws {
        guard code == ARCHIVE_OK || code == ARCHIVE_WARN else {
            throw LayerArchiveError.archiveFailure(path: path, operation: operation, message: lastMessage())
        }
    }

    private func lastMessage() -> String {
        guard let message = archive_error_string(handle) else { return "unknown libarchive error" }
        return String(cString: message)
    }
}
