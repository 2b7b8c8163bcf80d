import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Private (0700) directories with unpredictable names, for images and mount points.
enum ScratchDirectory {
    /// A new directory `<parent>/<prefix>-XXXXXX`.
    static func make(in parent: String, prefix: String) throws -> String {
        var template = Array("\(parent)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
            return String(cString: made)
        }
        guard let made else {
            throw PoolFilesError.fileOperationFailed(
                path: parent, operation: "create a private directory in", reason: String(cString: strerror(errno)))
        }
        return made
    }

    /// `rmdir`: only an empty directory goes, so a mount point that is still mounted is never emptied.
    static func removeEmpty(_ path: String) {
        rmdir(path)
    }
}
