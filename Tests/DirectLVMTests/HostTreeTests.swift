import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

@testable import DirectLVM

/// The parts that read host files, against host trees under a temporary root.
@Suite struct HostTreeTests {
    @Test func sysfsFactsOfADiskAndItsPartition() throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-sysfs")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = "\(root)/sys/devices/pci0000:00/virtio4/block/vdb"
        try write("\(disk)/size", "20971520\n")
        try write("\(disk)/ro", "0\n")
        try write("\(disk)/dev", "254:16\n")
        try write("\(disk)/device/model", "QEMU HARDDISK   \n")
        try write("\(disk)/device/vendor", "QEMU    \n")
        try write("\(disk)/vdb1/partition", "1\n")
        try write("\(disk)/vdb1/dev", "254:17\n")
        try write("\(disk)/vdb1/size", "2048\n")
        try write("\(disk)/vdb1/ro", "1\n")
        try FileManager.default.createDirectory(atPath: "\(disk)/holders", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(disk)/vdb1/holders", withIntermediateDirectories: true)
        try write("\(disk)/vdb1/holders/dm-0", "")
        try link("\(root)/sys/class/block/vdb", to: "../../devices/pci0000:00/virtio4/block/vdb")
        try link("\(root)/sys/class/block/vdb1", to: "../../devices/pci0000:00/virtio4/block/vdb/vdb1")
        try link("\(root)/sys/dev/block/254:16", to: "../../devices/pci0000:00/virtio4/block/vdb")
        let hostRoot = HostRoot(root)

        #expect(SysfsBlockDevice.name(major: 254, minor: 16, hostRoot: hostRoot) == "vdb")
        #expect(SysfsBlockDevice.name(major: 8, minor: 0, hostRoot: hostRoot) == nil)
        #expect(SysfsBlockDevice.allNames(hostRoot: hostRoot) == ["vdb", "vdb1"])
        let vdb = SysfsBlockDevice(name: "vdb", hostRoot: hostRoot)
        #expect(!vdb.isPartition && vdb.parentDisk == nil)
        #expect(vdb.sizeBytes == 10 * 1024 * 1024 * 1024)
        #expect(vdb.model == "QEMU HARDDISK" && vdb.vendor == "QEMU")
        #expect(vdb.numbers?.major == 254 && vdb.numbers?.minor == 16)
        #expect(vdb.partitions == ["vdb1"])
        #expect(vdb.holders.isEmpty && !vdb.isReadOnly)
        let vdb1 = SysfsBlockDevice(name: "vdb1", hostRoot: hostRoot)
        #expect(vdb1.isPartition && vdb1.parentDisk == "vdb")
        #expect(vdb1.holders == ["dm-0"] && vdb1.isReadOnly && vdb1.sizeBytes == 1024 * 1024)
    }

    @Test func missingPathAndRegularFile() async throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-paths")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("\(root)/dev/vdb", "not a disk")
        let inspector = BlockDeviceInspector(hostRoot: HostRoot(root))

        let missing = await inspector.inspect("/dev/vdc")
        #expect(!missing.exists && !missing.isBlockDevice && missing.path == "/dev/vdc")
        let file = await inspector.inspect("/dev/vdb")
        #expect(file.exists && !file.isBlockDevice && file.signatures == nil && file.sizeBytes == nil)
    }

    @Test func atomicCreateNeverReplacesAndKeepsTheMode() throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-atomic")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = "\(root)/docker-thinpool.profile"
        try AtomicFile.create(path, contents: "one\n", mode: 0o640)
        #expect(AtomicFile.read(path) == "one\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        #expect(throws: DirectLVMError.self) { try AtomicFile.create(path, contents: "two\n", mode: 0o644) }
        #expect(AtomicFile.read(path) == "one\n")
        // Only the file itself is left: no temporary beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["docker-thinpool.profile"])
        try AtomicFile.remove(path)
        try AtomicFile.remove(path)  // already gone is fine
        #expect(AtomicFile.read(path) == nil)
    }

    /// The provisioner checks the profile location before it changes anything.
    @Test func provisionerRefusesAnotherProfileAndAMissingProfileDirectory() async throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-profile")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let settings = ThinPoolSettings(volumeGroup: "drivershift-test-\(UInt32.random(in: 0...UInt32.max))")
        let plan = LVMProvisioningPlan.make(device: "/dev/drivershift-nonexistent", settings: settings)
        let provisioner = LVMProvisioner(hostRoot: HostRoot(root))
        let journaled = JournalSpy()

        let missing = await #expect(throws: DirectLVMError.self) {
            try await provisioner.run(plan) { await journaled.append($0) }
        }
        guard case .profileDirectoryMissing = missing else {
            Issue.record("expected profileDirectoryMissing, got \(String(describing: missing))")
            return
        }

        try write("\(root)/etc/lvm/profile/docker-thinpool.profile", "activation { }\n")
        let conflict = await #expect(throws: DirectLVMError.self) {
            try await provisioner.run(plan) { await journaled.append($0) }
        }
        guard case .profileConflict(let path) = conflict else {
            Issue.record("expected profileConflict, got \(String(describing: conflict))")
            return
        }
        #expect(path.hasSuffix("/etc/lvm/profile/docker-thinpool.profile"))
        #expect(await journaled.records.isEmpty)
        #expect(AtomicFile.read("\(root)/etc/lvm/profile/docker-thinpool.profile") == "activation { }\n")
    }

    /// Rolling back a profile: removed while it is ours and unchanged, left alone once someone changed it.
    @Test func rollbackRemovesTheProfileOnlyWhileUnchanged() async throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-rollback")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let settings = ThinPoolSettings()
        let path = "\(root)/etc/lvm/profile/docker-thinpool.profile"
        var record = LVMProvisioningRecord(device: "/dev/vdb", settings: settings)
        record.completed = [.profile]  // a record made only for this test: no LVM step to undo
        record.profileWritten = ThinPoolProfile.contents(settings)
        let provisioner = LVMProvisioner(hostRoot: HostRoot(root))

        try write(path, ThinPoolProfile.contents(settings))
        let journaled = JournalSpy()
        let removed = try await provisioner.rollback(record) { await journaled.append($0) }
        #expect(removed.undone == ["remove /etc/lvm/profile/docker-thinpool.profile"])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(await journaled.records.map(\.completed) == [[]])
        #expect(await journaled.records.last?.profileWritten == nil)

        try write(path, ThinPoolProfile.contents(settings) + "# edited by the admin\n")
        let kept = try await provisioner.rollback(record)
        #expect(kept.undone.isEmpty)
        #expect(kept.leftInPlace == ["/etc/lvm/profile/docker-thinpool.profile: changed since drivershift wrote it"])
        #expect(FileManager.default.fileExists(atPath: path))
    }

    private func write(_ path: String, _ text: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func link(_ path: String, to destination: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }
}
