import Foundation
import HostSystem

/// An image file attached to a read-only loop device and mounted read-only in a private directory, for the
/// length of one closure. Only the loop device this value attached is ever detached.
public struct ReadOnlyLoopMount: Sendable {
    public var runner: CommandRunner

    public init(runner: CommandRunner = CommandRunner()) {
        self.runner = runner
    }

    /// Mount options that never write: xfs snapshots share their base's UUID (`nouuid`) and a device copied
    /// out of a stopped pool may hold an unreplayed log (`norecovery`); ext4 skips its journal with `noload`.
    public static func mountOptions(for filesystem: String, image: String) throws -> [String] {
        switch filesystem {
        case "xfs": return ["ro", "nouuid", "norecovery"]
        case "ext4", "ext3": return ["ro", "noload"]
        default: throw PoolFilesError.unsupportedFilesystem(filesystem, image: image)
        }
    }

    public static func attachCommand(image: String) -> Command {
        Command("losetup", ["--read-only", "--find", "--show", image])
    }

    /// Attaches `image`, mounts it on a new directory inside `scratchDirectory` in a private mount namespace
    /// (`NamespaceHolder`), runs `body` with that directory as seen through the namespace
    /// (`/proc/<holder>/root/...`), then ends the namespace, lets the loop device go and removes the directory:
    /// after success, after an error, and after cancellation.
    public func withMounted<T>(
        image: String, filesystem: String, scratchDirectory: String, _ body: (String) async throws -> T
    ) async throws -> T {
        let options = try Self.mountOptions(for: filesystem, image: image)
        try ThinTool.require("losetup")
        try ThinTool.require("mount")
        let runner = self.runner
        return try await HeldMount.withMounted(
            filesystem: filesystem, options: options, label: image, scratchDirectory: scratchDirectory, runner: runner,
            attach: {
                let attached = try await runner.run(Self.attachCommand(image: image))
                let loop = attached.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
                guard attached.succeeded, loop.hasPrefix("/dev/") else {
                    throw PoolFilesError.attachFailed(image: image, message: ThinTool.message(attached))
                }
                return (node: loop, device: .loop(device: loop, image: image))
            }, body)
    }
}
