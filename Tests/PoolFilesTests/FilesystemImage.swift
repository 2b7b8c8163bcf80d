import DriverShiftTestSupport
import Foundation
import HostSystem

/// Filesystem images for fixtures: mkfs on a sparse file, filled through a loop mount that is always taken down.
enum FilesystemImage {
    /// xfs refuses filesystems under 300 MB; the file is sparse, so this costs a few MB of disk.
    static func megabytes(for filesystem: String) -> Int { filesystem == "xfs" ? 320 : 64 }

    static func make(_ path: String, filesystem: String) async throws {
        let runner = CommandRunner()
        try await runner.check(Command("truncate", ["-s", "\(megabytes(for: filesystem))M", path]))
        let mkfs =
            filesystem == "xfs" ? Command("mkfs.xfs", ["-q", "-f", path]) : Command("mkfs.ext4", ["-q", "-F", path])
        try await runner.check(mkfs)
    }

    /// A sparse copy: the snapshot's starting point, block for block the same as its origin.
    static func copy(_ source: String, to target: String) async throws {
        try await CommandRunner().check(Command("cp", ["--sparse=always", source, target]))
    }

    /// Mounts `image` read-write on a loop device of our own, runs `body`, then unmounts and detaches.
    static func withMounted(_ image: String, _ body: (String) throws -> Void) async throws {
        let runner = CommandRunner()
        let mountPoint = image + ".mnt"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let attached = try await runner.check(Command("losetup", ["--find", "--show", image]))
        let loop = attached.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        var failure: (any Error)?
        do {
            // Each test makes its own filesystems, so no UUID is mounted twice here: no nouuid needed.
            try await runner.check(Command("mount", [loop, mountPoint]))
            do {
                try body(mountPoint)
            } catch {
                failure = error
            }
            _ = try await runner.check(Command("umount", [mountPoint]))
        } catch {
            failure = failure ?? error
        }
        _ = try? await runner.run(Command("losetup", ["--detach", loop]))
        // udev may still hold the device after the unmount: then the detach completes when it lets go.
        let backingFile = "/sys/block/\((loop as NSString).lastPathComponent)/loop/backing_file"
        for _ in 0..<50 {
            let current = try? String(contentsOfFile: backingFile, encoding: .utf8)
            if current?.trimmingCharacters(in: .whitespacesAndNewlines) != image { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        try? FileManager.default.removeItem(atPath: mountPoint)
        if let failure { throw failure }
    }
}
