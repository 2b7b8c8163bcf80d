import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary directory standing for a host root, with the file facts the editor tests compare.
struct EditScratch {
    let root: String
    var hostRoot: HostRoot { HostRoot(root) }

    init(_ label: String) throws {
        root = "/tmp/drivershift-\(label)-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ hostPath: String) -> String { hostRoot.resolve(hostPath) }

    /// Writes bytes exactly (no newline added), then sets mode and owner.
    func place(_ hostPath: String, _ text: String, mode: mode_t = 0o644, owner: uid_t = 0, group: gid_t = 0) throws {
        let path = path(hostPath)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ScratchFailure("cannot write \(path)")
        }
        guard chown(path, owner, group) == 0, chmod(path, mode) == 0 else {
            throw ScratchFailure("cannot set owner and mode of \(path): \(String(cString: strerror(errno)))")
        }
    }

    func bytes(_ hostPath: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(hostPath)).map { Array($0) }
    }

    /// Mode bits, owner and group as `stat` reports them; nil when absent.
    func facts(_ hostPath: String) -> Facts? { Self.facts(ofRealPath: path(hostPath)) }

    static func facts(ofRealPath path: String) -> Facts? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Facts(mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid)
    }

    /// Every entry under the root, as host-style relative paths, sorted: to see that nothing else appeared.
    func tree() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var names: [String] = []
        while let name = enumerator?.nextObject() as? String { names.append(name) }
        return names.sorted()
    }

    struct Facts: Equatable, CustomStringConvertible {
        let mode: mode_t
        let owner: uid_t
        let group: gid_t
        var description: String { "mode \(String(mode, radix: 8)) owner \(owner):\(group)" }
    }
}

struct ScratchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// nobody:nogroup on Debian; looked up so a differently numbered system still gets a real non-root owner.
enum Nobody {
    static var user: uid_t { getpwnam("nobody")?.pointee.pw_uid ?? 65_534 }
    static var group: gid_t { getgrnam("nogroup")?.pointee.gr_gid ?? getpwnam("nobody")?.pointee.pw_gid ?? 65_534 }
}
