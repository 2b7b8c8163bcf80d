import Foundation
import HostSystem

/// One loop device this module attached and the directory its filesystem may be mounted on: what `release()`
/// takes down again, step by step, each step tried whatever the last one did.
struct LoopAttachment: Sendable {
    let loopDevice: String
    let image: String
    let mountPoint: String
    let runner: CommandRunner

    /// Unmounts, detaches and removes the mount point; nil when all of that worked, else what is left.
    func release() async -> PoolFilesError? {
        var problems: [String] = []
        if isMounted {
            // A process that has just closed a file may hold the mount busy for a moment: retry, then detach lazily.
            for _ in 0..<5 where isMounted {
                if (try? await runner.run(Command("umount", [mountPoint])))?.succeeded == true { break }
                try? await Task.sleep(for: .milliseconds(200))
            }
            if isMounted { _ = try? await runner.run(Command("umount", ["--lazy", mountPoint])) }
            if isMounted { problems.append("the mount \(mountPoint)") }
        }
        var detached = false
        var lastMessage = ""
        // udev or a scanner may open a new loop device briefly; detaching is retried.
        for _ in 0..<10 {
            do {
                let result = try await runner.run(Command("losetup", ["--detach", loopDevice]))
                if result.succeeded {
                    detached = true
                    break
                }
                lastMessage = result.errorTail()
            } catch {
                lastMessage = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        if detached {
            detached = await waitUntilReleased()
            lastMessage = "it still holds \(image)"
        }
        if !detached { problems.append("the loop device \(loopDevice) (\(lastMessage))") }
        if !isMounted { ScratchDirectory.removeEmpty(mountPoint) }
        guard !problems.isEmpty else { return nil }
        return .cleanupFailed(what: problems.joined(separator: " and "), message: "they are still in use")
    }

    var isMounted: Bool { MountEntry.anyMount(atOrBelow: mountPoint) }

    /// `losetup --detach` of a device that udev or blkid has open only marks it to go when they close it: wait
    /// until the device no longer holds our image (it may already hold someone else's file: that is not ours).
    private func waitUntilReleased() async -> Bool {
        let name = (loopDevice as NSString).lastPathComponent
        let backingFile = "/sys/block/\(name)/loop/backing_file"
        let canonicalImage = URL(fileURLWithPath: image).resolvingSymlinksInPath().path
        for _ in 0..<50 {
            let current = (try? String(contentsOfFile: backingFile, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if current != image && current != canonicalImage { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
