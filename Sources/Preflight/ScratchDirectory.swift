import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A directory of our own, made next to the data the check is about (Docker itself probes overlay support
/// inside its data root), and removed again whatever happened in it.
struct ScratchDirectory: Sendable {
    let path: String

    /// `mkdtemp` in `parent`: mode 0700, a name no one else uses.
    static func make(in parent: String, label: String) throws -> ScratchDirectory {
        let template = (parent == "/" ? "" : parent) + "/.drivershift-\(label)-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }
        guard made != nil else {
            throw PreflightError.cannotCreateScratch(path: parent, reason: String(cString: strerror(errno)))
        }
        return ScratchDirectory(
            path: String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    func createDirectory(_ name: String) throws -> String {
        let location = path + "/" + name
        guard mkdir(location, 0o700) == 0 else {
            throw PreflightError.cannotWrite(path: location, reason: String(cString: strerror(errno)))
        }
        return location
    }

    func writeFile(_ location: String, _ text: String) throws {
        guard FileManager.default.createFile(atPath: location, contents: Data(text.utf8)) else {
            throw PreflightError.cannotWrite(path: location, reason: "the file could not be created")
        }
    }

    /// Deletes the directory unless something is still mounted in it: deleting through a live overlay would
    /// reach into its lower directory. Returns why it was left, or nil when it is gone.
    func remove() -> String? {
        if MountEntry.anyMount(atOrBelow: path) {
            return "\(path) was left in place because something is still mounted in it; "
                + "run `umount -R \(path)` and delete it"
        }
        do {
            try FileManager.default.removeItem(atPath: path)
            return nil
        } catch {
            return "\(path) could not be removed (\(error)); delete it by hand"
        }
    }
}
