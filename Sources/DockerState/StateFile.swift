import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads files of Docker's state, turning errno into `DockerStateError` cases that say what to do.
enum StateFile {
    static func read(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(errno, path) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw DockerStateError.unreadable(path: path, reason: "\(error)")
        }
    }

    /// The file's text without surrounding whitespace; nil when the file does not exist.
    static func readTrimmedIfPresent(_ path: String) throws -> String? {
        do {
            let data = try read(path)
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch DockerStateError.unreadable(let failedPath, _) where failedPath == path && !exists(path) {
            return nil
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Entry names of a directory, sorted; empty when the directory does not exist.
    static func list(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            let code = errno
            if code == ENOENT { return [] }
            throw error(code, path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func error(_ code: Int32, _ path: String) -> DockerStateError {
        switch code {
        case EACCES, EPERM: return .permissionDenied(path: path)
        case ENOENT: return .unreadable(path: path, reason: "no such file")
        default: return .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }
}
