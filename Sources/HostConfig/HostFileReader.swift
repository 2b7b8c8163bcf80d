import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads host files under a `HostRoot`, following symbolic links as the host itself would see them.
///
/// `HostRoot.resolve` maps a path lexically. A link like `/etc/systemd/system/docker.service ->
/// /usr/lib/systemd/system/docker.service` has to be followed under the same root as well, or reading a
/// test tree (or a mounted host disk) would silently read this machine's own file.
struct HostFileReader: Sendable {
    enum Lookup: Sendable, Equatable {
        case missing
        /// A link to /dev/null: how systemd masks units and drop-ins.
        case devNull
        case directory
        /// A socket, device or fifo where a file was expected.
        case notAFile
        case file(String)
    }

    /// Configuration files are small; anything bigger is not one.
    static let sizeLimit = 4 * 1024 * 1024
    static let symlinkLimit = 40

    let hostRoot: HostRoot
    /// Planned contents by host path, read instead of what is on disk: how a plan of edits is checked
    /// by reading the configuration as it would be, without writing anything.
    var overlay: [String: String] = [:]

    func lookUp(_ hostPath: String) throws -> Lookup {
        if let planned = overlay[Self.normalized(hostPath)] { return .file(planned) }
        switch try locate(hostPath) {
        case .missing: return .missing
        case .devNull: return .devNull
        case .found(let location, let kind):
            switch kind {
            case .directory: return .directory
            case .other, .symlink: return .notAFile
            case .regular: return .file(try readText(location: location, hostPath: hostPath))
            }
        }
    }

    func exists(_ hostPath: String) throws -> Bool {
        if overlay[Self.normalized(hostPath)] != nil { return true }
        if case .missing = try locate(hostPath) { return false }
        return true
    }

    /// The host path a path leads to once every symbolic link is followed (inside the host root); nil when
    /// nothing is there. A path that is itself a link, or lies below one, gives a different path.
    func resolvedHostPath(_ hostPath: String) throws -> String? {
        if overlay[Self.normalized(hostPath)] != nil { return Self.normalized(hostPath) }
        switch try locate(hostPath) {
        case .missing: return nil
        case .devNull: return "/dev/null"
        case .found(let location, _): return hostRoot.hostPath(of: location)
        }
    }

    /// The names in a host directory; empty when it does not exist or is not a directory.
    func contentsOfDirectory(_ hostPath: String) throws -> [String] {
        let directory = Self.normalized(hostPath)
        let planned = overlay.keys.filter { ($0 as NSString).deletingLastPathComponent == directory }
            .map { ($0 as NSString).lastPathComponent }
        let names = try contentsOnDisk(hostPath)
        return names + planned.filter { !names.contains($0) }.sorted()
    }

    private func contentsOnDisk(_ hostPath: String) throws -> [String] {
        guard case .found(let location, .directory) = try locate(hostPath) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: location)
        } catch let error as CocoaError where error.code == .fileReadNoPermission {
            throw HostConfigError.permissionDenied(path: hostPath, location: location)
        } catch {
            throw HostConfigError.unreadable(path: hostPath, location: location, reason: "\(error)")
        }
    }

    // MARK: - Resolution

    private enum FileKind { case regular, directory, symlink, other }
    private enum Located {
        case missing
        case devNull
        case found(location: String, kind: FileKind)
    }

    private func locate(_ hostPath: String) throws -> Located {
        var pending = Self.components(of: hostPath)
        var resolved: [String] = []
        var lastKind = FileKind.directory
        var hops = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let location = hostRoot.resolve("/" + (resolved + [component]).joined(separator: "/"))
            guard let kind = try kind(of: location, hostPath: hostPath) else { return .missing }
            if kind == .symlink {
                hops += 1
                guard hops <= Self.symlinkLimit else { throw HostConfigError.symlinkLoop(path: hostPath) }
                let target = try linkTarget(location: location, hostPath: hostPath)
                if target == "/dev/null" && pending.isEmpty { return .devNull }
                if target.hasPrefix("/") { resolved = [] }
                pending = Self.components(of: target) + pending
            } else {
                // Nothing can lie below a file.
                if !pending.isEmpty && kind != .directory { return .missing }
                resolved.append(component)
                lastKind = kind
            }
        }
        return .found(location: hostRoot.resolve("/" + resolved.joined(separator: "/")), kind: lastKind)
    }

    private static func components(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// `/a//b/./c` -> `/a/b/c`, the form overlay keys are compared in.
    static func normalized(_ hostPath: String) -> String {
        var parts: [String] = []
        for component in components(of: hostPath) where component != "." {
            if component == ".." {
                _ = parts.popLast()
            } else {
                parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private func kind(of location: String, hostPath: String) throws -> FileKind? {
        var info = stat()
        guard lstat(location, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw Self.error(code, hostPath: hostPath, location: location)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    private func linkTarget(location: String, hostPath: String) throws -> String {
        do {
            return try FileManager.default.destinationOfSymbolicLink(atPath: location)
        } catch {
            throw HostConfigError.unreadable(path: hostPath, location: location, reason: "\(error)")
        }
    }

    private func readText(location: String, hostPath: String) throws -> String {
        let descriptor = open(location, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(errno, hostPath: hostPath, location: location) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Self.error(code, hostPath: hostPath, location: location)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > Self.sizeLimit {
                throw HostConfigError.fileTooLarge(
                    path: hostPath, location: location, bytes: bytes.count, limit: Self.sizeLimit)
            }
        }
        // Invalid UTF-8 becomes U+FFFD rather than an error: dockerd and systemd are as lenient.
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func error(_ code: Int32, hostPath: String, location: String) -> HostConfigError {
        if code == EACCES || code == EPERM { return .permissionDenied(path: hostPath, location: location) }
        return .unreadable(path: hostPath, location: location, reason: String(cString: strerror(code)))
    }
}
