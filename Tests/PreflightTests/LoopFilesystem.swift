import DriverShiftTestSupport
import Foundation
import HostSystem

/// A real filesystem on a loop device, mounted in a scratch directory: `mkfs` on a sparse file, `losetup`,
/// `mount`. `remove()` undoes each step that was done, in reverse, and is safe to call after a failed `make`.
final class LoopFilesystem: Sendable {
    let directory: String
    let image: String
    let mountPoint: String
    let loopDevice: String?

    private init(directory: String, image: String, mountPoint: String, loopDevice: String?) {
        self.directory = directory
        self.image = image
        self.mountPoint = mountPoint
        self.loopDevice = loopDevice
    }

    /// `mkfs` is the full argv before the image path (`["mkfs.ext4", "-q"]`).
    static func make(mkfs: [String], megabytes: Int, mountOptions: [String] = []) async throws -> LoopFilesystem {
        guard let tool = mkfs.first else { throw TestFailure("no mkfs command given") }
        try ScratchPaths.require(tool, "losetup", "mount", "umount", "truncate")
        let directory = try DriverShiftBinary.temporaryDirectory("preflight-loop")
        let image = directory + "/fs.img"
        let mountPoint = directory + "/mnt"
        let runner = CommandRunner()
        do {
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try await runner.check(Command("truncate", ["-s", "\(megabytes)M", image]))
            try await runner.check(Command(tool, Array(mkfs.dropFirst()) + [image]))
        } catch {
            await ScratchPaths.remove(directory)
            throw error
        }
        let attach = try await runner.run(Command("losetup", ["--find", "--show", image]))
        guard attach.succeeded else {
            await ScratchPaths.remove(directory)
            throw TestFailure("losetup could not attach \(image): \(attach.errorTail()) (loop devices are needed)")
        }
        let loop = attach.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let filesystem = LoopFilesystem(directory: directory, image: image, mountPoint: mountPoint, loopDevice: loop)
        let options = mountOptions.isEmpty ? [] : ["-o", mountOptions.joined(separator: ",")]
        let mounted = try await runner.run(Command("mount", options + [loop, mountPoint]))
        guard mounted.succeeded else {
            await filesystem.remove()
            throw TestFailure("mount \(loop) on \(mountPoint) failed: \(mounted.errorTail())")
        }
        return filesystem
    }

    /// Unmounts, detaches the loop device and deletes the image; each step is tried whatever the last did.
    func remove() async {
        let runner = CommandRunner()
        if isMounted { _ = try? await runner.run(Command("umount", [mountPoint])) }
        if isMounted { _ = try? await runner.run(Command("umount", ["-l", mountPoint])) }
        // An lvm scan in a parallel test may hold the device open for a moment: detaching is retried.
        if let loopDevice {
            for _ in 0..<10 {
                if let result = try? await runner.run(Command("losetup", ["-d", loopDevice])), result.succeeded { break }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        if !isMounted { await ScratchPaths.remove(directory) }
    }

    var isMounted: Bool {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains {
            $0.split(separator: " ").dropFirst().first == Substring(mountPoint)
        }
    }
}

/// A tmpfs of a given size mounted in a scratch directory: a small filesystem that fills up on cue.
final class SmallTmpfs: Sendable {
    let directory: String

    private init(directory: String) {
        self.directory = directory
    }

    static func make(size: String) async throws -> SmallTmpfs {
        try ScratchPaths.require("mount", "umount")
        let directory = try DriverShiftBinary.temporaryDirectory("preflight-tmpfs")
        let mounted = try await CommandRunner().run(
            Command("mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", directory]))
        guard mounted.succeeded else {
            await ScratchPaths.remove(directory)
            throw TestFailure("mounting a tmpfs on \(directory) failed: \(mounted.errorTail())")
        }
        return SmallTmpfs(directory: directory)
    }

    func remove() async {
        _ = try? await CommandRunner().run(Command("umount", [directory]))
        _ = try? FileManager.default.removeItem(atPath: directory)
    }
}
