import Foundation
import HostSystem

/// What a test puts on a layer device (`id` and `rootfs/`), and the manifest it expects to read back.
struct LayerContent {
    var files: [String: [UInt8]] = [:]
    var symlinks: [String: String] = [:]
    var directories: [String] = []

    /// Bytes no two calls share, `count` of them: big files span several pool blocks.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// Writes `id` and `rootfs/` into a mounted device, as Docker's devicemapper driver lays a layer out.
    func write(into mountPoint: String, id: String) throws {
        let manager = FileManager.default
        try Data(id.utf8).write(to: URL(fileURLWithPath: "\(mountPoint)/id"))
        let rootfs = "\(mountPoint)/rootfs"
        try manager.createDirectory(atPath: rootfs, withIntermediateDirectories: true)
        for directory in directories {
            try manager.createDirectory(atPath: "\(rootfs)/\(directory)", withIntermediateDirectories: true)
        }
        for (path, bytes) in files {
            let full = "\(rootfs)/\(path)"
            try manager.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        }
        for (path, target) in symlinks {
            // Rewriting a snapshot's content: replace the origin's link.
            try? manager.removeItem(atPath: "\(rootfs)/\(path)")
            try manager.createSymbolicLink(atPath: "\(rootfs)/\(path)", withDestinationPath: target)
        }
    }

    /// Every entry below `rootfs`: "file <sha256>", "dir" or "link <target>", by relative path.
    static func manifest(of rootfs: String) throws -> [String: String] {
        let manager = FileManager.default
        var manifest: [String: String] = [:]
        guard let walker = manager.enumerator(atPath: rootfs) else { return manifest }
        while let relative = walker.nextObject() as? String {
            let full = "\(rootfs)/\(relative)"
            let type = try manager.attributesOfItem(atPath: full)[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?: manifest[relative] = "dir"
            case .typeSymbolicLink?:
                manifest[relative] = "link " + (try manager.destinationOfSymbolicLink(atPath: full))
            default:
                let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
                manifest[relative] = "file " + SHA256Digest.hex(of: [UInt8](bytes))
            }
        }
        return manifest
    }

    /// The manifest `manifest(of:)` must give for a rootfs holding exactly this content.
    var expectedManifest: [String: String] {
        var manifest: [String: String] = [:]
        func addParents(_ path: String) {
            var parent = (path as NSString).deletingLastPathComponent
            while !parent.isEmpty {
                manifest[parent] = "dir"
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        for directory in directories {
            manifest[directory] = "dir"
            addParents(directory)
        }
        for (path, bytes) in files {
            manifest[path] = "file " + SHA256Digest.hex(of: bytes)
            addParents(path)
        }
        for (path, target) in symlinks {
            manifest[path] = "link " + target
            addParents(path)
        }
        return manifest
    }
}
