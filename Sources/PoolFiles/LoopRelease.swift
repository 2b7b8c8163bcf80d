import Foundation
import HostSystem

/// Waiting for a loop device to let go of an image: a lazily detached device goes once its last user closes
/// it, which for a mount in a dying namespace is a moment after the namespace's last process exits.
enum LoopRelease {
    /// Detaches `loopDevice` (lazily when it is still in use) and waits until it no longer holds `image`; it
    /// may already hold someone else's file by then, which is not ours to touch.
    static func wait(loopDevice: String, image: String, runner: CommandRunner, seconds: Double = 15) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var detachAsked = false
        while Date() < deadline {
            if !holds(loopDevice, image) { return true }
            if !detachAsked {
                detachAsked = (try? await runner.run(Command("losetup", ["--detach", loopDevice])))?.succeeded == true
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !holds(loopDevice, image)
    }

    static func holds(_ loopDevice: String, _ image: String) -> Bool {
        let name = (loopDevice as NSString).lastPathComponent
        guard
            let current = try? String(contentsOfFile: "/sys/block/\(name)/loop/backing_file", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        else { return false }
        let canonical = URL(fileURLWithPath: image).resolvingSymlinksInPath().path
        return current == image || current == canonical || current == image + " (deleted)"
            || current == canonical + " (deleted)"
    }
}
