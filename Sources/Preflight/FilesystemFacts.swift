import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// What a check needs to know about the filesystem a path will live on, found before the path exists:
/// the nearest existing directory, the mount that holds it, its free space and its device number.
struct FilesystemFacts: Sendable {
    /// The path asked about, as given.
    let path: String
    /// The path itself or its nearest existing parent, symlinks resolved.
    let existingDirectory: String
    let mount: MountEntry
    /// Bytes an unprivileged writer may still use (`f_bavail`); the same figure `df` shows as available.
    let freeBytes: UInt64
    /// `st_dev`: equal for two paths on one filesystem.
    let device: UInt64

    static func of(_ path: String) throws -> FilesystemFacts {
        let directory = try nearestExistingDirectory(of: path)
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else {
            throw PreflightError.cannotRead(path: directory, reason: "statvfs: \(String(cString: strerror(errno)))")
        }
        let facts: FileFacts?
        do {
            facts = try FileFacts.of(directory)
        } catch {
            throw PreflightError.cannotRead(path: directory, reason: "\(error)")
        }
        guard let facts else { throw PreflightError.cannotRead(path: directory, reason: "it vanished while probed") }
        return FilesystemFacts(
            path: path, existingDirectory: directory, mount: try Self.mount(containing: directory),
            freeBytes: UInt64(info.f_bavail) * UInt64(info.f_frsize), device: facts.device)
    }

    /// The mount holding `directory`, in the preflight's own error terms.
    static func mount(containing directory: String) throws -> MountEntry {
        let found: MountEntry?
        do {
            found = try MountEntry.containing(directory)
        } catch {
            throw PreflightError.cannotRead(path: MountEntry.mountsFile, reason: "\(error)")
        }
        guard let found else { throw PreflightError.noMountFound(path: directory) }
        return found
    }

    /// `path` or the closest parent that exists, canonical. A data root that is not created yet still has a
    /// filesystem it will be created on.
    static func nearestExistingDirectory(of path: String) throws -> String {
        var candidate = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        while true {
            if let resolved = realpath(candidate, nil) {
                defer { free(resolved) }
                let canonical = String(cString: resolved)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: canonical, isDirectory: &isDirectory), isDirectory.boolValue {
                    return canonical
                }
            }
            guard candidate != "/" else {
                throw PreflightError.cannotRead(path: path, reason: "neither it nor any parent directory exists")
            }
            candidate = (candidate as NSString).deletingLastPathComponent
            if candidate.isEmpty { candidate = "/" }
        }
    }

    /// "ext4 on /dev/vda, mounted at /" for findings.
    var filesystemDescription: String {
        "\(mount.type) on \(mount.source), mounted at \(mount.mountPoint)"
    }
}
