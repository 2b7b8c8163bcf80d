import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Creating and removing the small host files provisioning owns, so that a crash leaves either no file or the
/// whole file, and an existing file is never replaced.
enum AtomicFile {
    /// The file's text, or nil when it does not exist (or is not UTF-8 text we could have written).
    static func read(_ location: String) -> String? {
        guard let data = FileManager.default.contents(atPath: location) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// Writes `contents` to a temporary file beside `location`, syncs it, then links it into place. link(2)
    /// fails if `location` exists, so unlike rename it cannot replace a file that appeared meanwhile.
    static func create(_ location: String, contents: String, mode: UInt16) throws(DirectLVMError) {
        let directory = (location as NSString).deletingLastPathComponent
        let temporary = "\(directory)/.\((location as NSString).lastPathComponent).drivershift-\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw failure(location, "cannot create \(temporary)") }
        defer { unlink(temporary) }
        var ok = fchmod(descriptor, mode_t(mode)) == 0  // the umask must not narrow the mode
        let bytes = Array(contents.utf8)
        var written = 0
        while ok && written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            ok = count > 0
            written += max(0, count)
        }
        ok = ok && fsync(descriptor) == 0
        let failedBeforeLink = ok ? nil : failure(location, "cannot write \(temporary)")
        close(descriptor)
        if let failedBeforeLink { throw failedBeforeLink }
        guard link(temporary, location) == 0 else { throw failure(location, "cannot link it into place") }
        syncDirectory(directory)
    }

    /// Removes `location` and syncs its directory; a file already gone is not an error.
    static func remove(_ location: String) throws(DirectLVMError) {
        guard unlink(location) == 0 || errno == ENOENT else { throw failure(location, "cannot remove it") }
        syncDirectory((location as NSString).deletingLastPathComponent)
    }

    /// The new name must survive a power cut too, not only the data.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func failure(_ location: String, _ what: String) -> DirectLVMError {
        .fileWriteFailed(path: location, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}
