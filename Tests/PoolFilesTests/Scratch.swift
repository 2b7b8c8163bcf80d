import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

/// A scratch directory for one test. Afterwards, whatever the test did or threw, nothing of it may be left:
/// no loop device backed by a file in it, no mount at or below it.
enum Scratch {
    static func with<T>(_ label: String, _ body: (String) async throws -> T) async throws -> T {
        try requireTools()
        let directory = try DriverShiftBinary.temporaryDirectory("poolfiles-\(label)")
        let result: Result<T, any Error>
        do {
            result = .success(try await body(directory))
        } catch {
            result = .failure(error)
        }
        let loops = await loopDevices(under: directory)
        let mounts = DeviceLeftovers.mounts(under: directory)
        #expect(loops.isEmpty, "loop devices left behind: \(loops)")
        #expect(mounts.isEmpty, "mounts left behind: \(mounts)")
        await tearDown(directory, loops: loops, mounts: mounts)
        return try result.get()
    }

    /// Loop devices whose backing file is in `directory`, as "NAME FILE" lines.
    static func loopDevices(under directory: String) async -> [String] {
        await DeviceLeftovers.loopDevices(under: directory)
    }

    /// Takes down what a failed test left (only devices backed by its own files), then removes the directory.
    private static func tearDown(_ directory: String, loops: [String], mounts: [String]) async {
        let runner = CommandRunner()
        for point in mounts { _ = try? await runner.run(Command("umount", ["--lazy", point])) }
        for line in loops {
            if let device = line.split(separator: " ").first {
                _ = try? await runner.run(Command("losetup", ["--detach", String(device)]))
            }
        }
        if MountEntry.mountPoints(under: directory).isEmpty { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The real tools these tests run; a missing one fails the test, naming it.
    static func requireTools() throws {
        let tools = [
            "thin_check", "thin_dump", "thin_restore", "mkfs.xfs", "mkfs.ext4", "losetup", "mount", "umount",
            "truncate", "cp",
        ]
        let missing = tools.filter { CommandRunner.which($0) == nil }
        guard missing.isEmpty else {
            throw TestFailure(
                "missing tools: \(missing.joined(separator: ", ")) (thin-provisioning-tools, xfsprogs, e2fsprogs, "
                    + "util-linux, coreutils); these tests need them and must not be skipped")
        }
        guard getuid() == 0 else { throw TestFailure("these tests attach loop devices and mount: run them as root") }
    }
}
