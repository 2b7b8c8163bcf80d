import DockerState
import Foundation
import Testing

@testable import PoolFiles

#if canImport(Glibc)
    import Glibc
#endif

/// The parts of the libdevmapper reader that do not need device-mapper: recognising what a killed run left,
/// finding a running dockerd, and a clear refusal on a kernel without device-mapper (these machines). The
/// activation itself runs in the VM suite (vm/suite/10-loop-lvm.sh, e-* checks).
@Suite struct DeviceMapperPoolReaderTests {
    @Test func onlyOurOwnDeviceNamesCarryAnOwner() {
        #expect(StaleDeviceSweep.ownerPID(of: "drivershift-1234-pool") == 1234)
        #expect(StaleDeviceSweep.ownerPID(of: "drivershift-77-thin-12") == 77)
        for name in [
            "docker-254:0-131098-pool", "drivershift-pool", "drivershift-x1-pool", "drivershift-12-other",
            "drivershift-0-pool", "drivershift--3-pool", "docker-thinpool",
        ] {
            #expect(StaleDeviceSweep.ownerPID(of: name) == nil, "\(name)")
        }
    }

    @Test func aRunningDockerdIsFoundByItsCommandName() throws {
        let proc = FileManager.default.temporaryDirectory.appendingPathComponent("fake-proc-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: proc) }
        for (pid, command) in [
            ("12", "dockerd\n"), ("40", "containerd\n"), ("7", "dockerd-rootless\n"), ("99", "dockerd"),
        ] {
            try FileManager.default.createDirectory(atPath: "\(proc)/\(pid)", withIntermediateDirectories: true)
            try command.write(toFile: "\(proc)/\(pid)/comm", atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: "\(proc)/self", withIntermediateDirectories: true)
        #expect(RunningDockerd.pids(proc: proc) == [12, 99])
        #expect(RunningDockerd.pids(proc: proc + "/missing").isEmpty)
    }

    /// On a kernel without device-mapper the reader refuses before touching anything, and says why. (On a kernel
    /// with it, the VM suite covers the reader; here the same call must fail on the missing files instead.)
    @Test func withoutDeviceMapperTheReaderRefusesClearly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dm-records-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try #"{"next_device_id":2,"BaseDeviceFilesystem":"xfs"}"#.write(
            toFile: directory + "/deviceset-metadata", atomically: true, encoding: .utf8)
        let records = try DeviceMapperMetadata.read(directory: directory)
        do {
            _ = try await DeviceMapperPoolReader.open(
                poolName: "drivershift-test-no-such-pool", files: ("/nonexistent/data", "/nonexistent/metadata"),
                deviceRecords: records, scratchDirectory: "/tmp")
            Issue.record("the reader opened a pool from files that do not exist")
        } catch {
            let text = "\(error)"
            if FileManager.default.fileExists(atPath: "/sys/class/misc/device-mapper") {
                #expect(text.contains("/nonexistent/data does not exist"), "\(text)")
            } else {
                #expect(text.contains("cannot read the pool through device-mapper"), "\(text)")
                #expect(text.contains("this kernel has no device-mapper"), "\(text)")
            }
        }
    }
}
