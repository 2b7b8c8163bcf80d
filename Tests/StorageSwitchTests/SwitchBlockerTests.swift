import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

/// Every preflight blocker stops `switch` with its reason, before anything changes.
@Suite(.serialized) struct SwitchBlockerTests {
    /// ext4 without the filetype feature has no d_type, like xfs made with ftype=0 (which this kernel can no
    /// longer mount): overlay2 cannot run on it.
    @Test func overlay2WithoutDTypeIsRefused() async throws {
        let mountPoint = try DriverShiftBinary.temporaryDirectory("switch-nodtype")
        let image = mountPoint + ".img"
        let runner = CommandRunner()
        try await runner.check(Command("truncate", ["-s", "400M", image]))
        try await runner.check(Command("mkfs.ext4", ["-q", "-O", "^filetype", image]))
        try await runner.check(Command("mount", ["-o", "loop", image, mountPoint]))
        defer {
            _ = try? FileManager.default.removeItem(atPath: image)
        }
        do {
            let host = try await SwitchSandbox.start(directory: mountPoint + "/host")
            do {
                try await expectBlocked(host, ["--to", "overlay2", "--yes"], check: "d_type")
            } catch {
                try? await host.sandbox.stop()
                throw error
            }
            try await host.sandbox.stop()
        } catch {
            _ = try? await runner.run(Command("umount", [mountPoint]))
            throw error
        }
        try await runner.check(Command("umount", [mountPoint]))
        try FileManager.default.removeItem(atPath: mountPoint)
    }

    @Test func directLVMOnARegularFileIsRefused() async throws {
        try await SwitchSandbox.with { host in
            // Devices are host paths like everything else: /not-a-device is DIR/not-a-device here.
            #expect(
                FileManager.default.createFile(atPath: host.directory + "/not-a-device", contents: Data(count: 4096)))
            try await expectBlocked(
                host, ["--to", "direct-lvm", "--device", "/not-a-device", "--yes"], check: "block device")
        }
    }

    @Test func anExportDirectoryTooSmallIsRefused() async throws {
        try await SwitchSandbox.with { host in
            // A host path like every other: /tiny is DIR/tiny.
            let tiny = host.directory + "/tiny"
            try FileManager.default.createDirectory(atPath: tiny, withIntermediateDirectories: true)
            try await CommandRunner().check(Command("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", tiny]))
            do {
                try await expectBlocked(host, ["--to", "overlay2", "--export-dir", "/tiny", "--yes"], check: "space")
            } catch {
                _ = try? await CommandRunner().run(Command("umount", [tiny]))
                throw error
            }
            try await CommandRunner().check(Command("umount", [tiny]))
        }
    }

    /// Exit 1, the blocker named in the plan and on stderr, and the host exactly as it was.
    private func expectBlocked(_ host: SwitchSandbox, _ arguments: [String], check: String) async throws {
        let before = try host.daemonJSONBytes()
        let result = try await DriverShiftBinary.run(try host.switchArguments(arguments))
        #expect(result.exitCode == 1, "\(result.standardOutput)\n\(result.standardError)")
        #expect(result.standardOutput.lowercased().contains("blocker"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains(check), "the reason is shown: \(result.standardOutput)")
        #expect(result.standardError.contains("nothing was changed"), "\(result.standardError)")
        #expect(try host.daemonJSONBytes() == before)
        #expect(try await host.liveDriver() == "vfs")
        let records = host.directory + "/var/lib/drivershift"
        #expect(!FileManager.default.fileExists(atPath: records), "a refused switch writes no record")
    }
}
