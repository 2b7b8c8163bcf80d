import DirectLVM
import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing
import ThinPool

@testable import Preflight

private let mebibyte: UInt64 = 1024 * 1024

/// The direct-lvm device checks and provisioning refusals on real loop devices. Serialized: each test attaches
/// its own loops, and lvm scans every device, so one at a time keeps their effects apart.
@Suite(.serialized) struct DirectLVMChecksTests {
    static let deviceCheckIDs = [
        "device.exists", "device.block", "device.whole-disk", "device.read-only", "device.mounted", "device.swap",
        "device.holders", "device.pv", "device.partitions", "device.signature", "device.size",
    ]

    // Inside the `LoopDevice.with` closures no closure is passed into #expect or #require: with Swift 6.3.1 such
    // a closure, inside another closure, can be swapped with a later closure of the same shape (a filter with
    // `!=` then behaves as `==`). Hence `find`, `status` and `notOK` below.

    @Test func cleanDevicePassesEveryDeviceCheck() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { loop in
            let checks = await Self.run(loop.path, requiredBytes: 32 * mebibyte)
            let deviceChecks = Self.deviceChecks(checks)
            #expect(deviceChecks.map(\.id) == Self.deviceCheckIDs)
            let notOK = Self.notOK(deviceChecks)
            #expect(notOK.isEmpty, "\(notOK)")
            let size = try #require(Self.find("device.size", checks))
            #expect(size.finding.contains("(67108864 bytes)") && size.finding.contains("(58720256 bytes)"))
            for id in ["tools.lvm2", "tools.thin-check", "lvm.vg-name"] {
                #expect(Self.status(id, checks) == .ok, "\(id) on this host (setup.sh installs lvm2 and thin_check)")
            }
            #expect(Self.find("devicemapper.kernel", checks) != nil)
            #expect(Self.find("devicemapper.udev-sync", checks) != nil)

            let report = await BlockDeviceInspector().inspect(loop.path)
            #expect(report.sizeBytes == 64 * mebibyte && report.kernelName == loop.name)
            #expect(report.signatures == [] && report.physicalVolumes == [] && report.usesFound.isEmpty)
        }
    }

    @Test func filesystemSignatureBlocksUnlessForced() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { loop in
            try await loop.run("mkfs.ext4", ["-q", "-F", loop.path])
            let checks = await Self.run(loop.path)
            let signature = try #require(Self.find("device.signature", checks))
            #expect(signature.status == .blocker && signature.finding.contains("ext4"))
            #expect(signature.remedy?.contains("wipefs -a \(loop.path)") == true)
            #expect(signature.remedy?.contains("--force-device") == true)
            let notOK = Self.notOK(Self.deviceChecks(checks)).map(\.id)
            #expect(notOK == ["device.signature"])

            let forced = await Self.run(loop.path, forceDevice: true)
            #expect(Self.status("device.signature", forced) == .warning)
            #expect(Self.notOK(Self.deviceChecks(forced)).map(\.id) == ["device.signature"])
        }
    }

    @Test func mountedDeviceBlocks() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { loop in
            try await loop.run("mkfs.ext4", ["-q", "-F", loop.path])
            let mountPoint = try await loop.mount()
            let checks = await Self.run(loop.path)
            let mounted = try #require(Self.find("device.mounted", checks))
            #expect(mounted.status == .blocker)
            #expect(mounted.finding.contains(mountPoint) && mounted.finding.contains("ext4"))
            #expect(mounted.remedy?.contains("umount \(mountPoint)") == true)
        }
    }

    @Test func swapDeviceBlocks() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { loop in
            try await loop.run("mkswap", [loop.path])
            try await loop.run("swapon", [loop.path])
            let checks = await Self.run(loop.path)
            let swap = try #require(Self.find("device.swap", checks))
            #expect(swap.status == .blocker && swap.finding == "in use as swap: \(loop.path)")
            #expect(swap.remedy?.contains("swapoff \(loop.path)") == true)
        }
    }

    @Test func partitionedDeviceBlocks() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte, partitioned: true) { loop in
            let checks = await Self.run(loop.path)
            let partitions = try #require(Self.find("device.partitions", checks))
            #expect(partitions.status == .blocker, "\(partitions.finding)")
            #expect(partitions.finding.contains("/dev/\(loop.name)p1"))
            // The partition table is a signature too ("dos").
            #expect(Self.status("device.signature", checks) == .blocker)
            // And a partition is not a whole disk.
            let onPartition = await Self.run("/dev/\(loop.name)p1")
            let wholeDisk = try #require(Self.find("device.whole-disk", onPartition))
            #expect(wholeDisk.status == .blocker && wholeDisk.finding.contains(loop.path))

            // The device list for a picker: the disk with what is on it, not its partition.
            let candidates = await BlockDeviceInspector().candidates()
            let paths = candidates.map(\.path)
            #expect(paths.contains(loop.path) && !paths.contains("/dev/\(loop.name)p1"))
            let listed = try #require(Self.candidate(loop.path, in: candidates))
            #expect(listed.sizeBytes == 64 * mebibyte)
            #expect(listed.usesFound.first == "partitions \(loop.name)p1", "\(listed.usesFound)")
        }
    }

    @Test func physicalVolumeInAVolumeGroupBlocks() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { loop in
            let group = LoopDevice.uniqueGroupName()
            try await loop.run("pvcreate", ["-q", loop.path])
            try await loop.run("vgcreate", ["-q", group, loop.path])
            let checks = await Self.run(loop.path, settings: ThinPoolSettings(volumeGroup: group))
            let volume = try #require(Self.find("device.pv", checks))
            #expect(volume.status == .blocker && volume.finding.contains("in VG \(group)"), "\(volume.finding)")
            #expect(volume.remedy?.contains("vgremove \(group)") == true)
            #expect(Self.status("lvm.vg-name", checks) == .blocker)
            #expect(Self.status("device.signature", checks) == .blocker)  // LVM2_member
        }
    }

    @Test func readOnlyDeviceBlocks() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte, readOnly: true) { loop in
            let checks = await Self.run(loop.path)
            #expect(Self.notOK(Self.deviceChecks(checks)).map(\.id) == ["device.read-only"])
        }
    }

    @Test func tooSmallDeviceBlocks() async throws {
        try await LoopDevice.with(sizeBytes: 16 * mebibyte) { loop in
            let checks = await Self.run(loop.path, requiredBytes: 1024 * mebibyte)
            let size = try #require(Self.find("device.size", checks))
            #expect(size.status == .blocker && size.finding.contains("(16777216 bytes)"))
            #expect(size.remedy?.contains("(1133510656 bytes)") == true, "\(size.remedy ?? "")")
        }
    }

    @Test func regularFileIsNotABlockDevice() async throws {
        let directory = try DriverShiftBinary.temporaryDirectory("lvm-file")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/disk.img"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 4096)))
        let checks = await Self.run(path)
        #expect(Self.deviceChecks(checks).map(\.id) == ["device.exists", "device.block"])
        #expect(Self.status("device.block", checks) == .blocker)
    }

    @Test func missingPathBlocks() async throws {
        let checks = await Self.run("/dev/drivershift-no-such-disk")
        #expect(Self.deviceChecks(checks).map(\.id) == ["device.exists"])
        #expect(Self.status("device.exists", checks) == .blocker)
        #expect(checks.first?.finding == "nothing exists at /dev/drivershift-no-such-disk")
    }

    @Test func provisionerRefusesAnExistingVolumeGroupAndTouchesNothing() async throws {
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { taken in
            try await LoopDevice.with(sizeBytes: 64 * mebibyte) { target in
                let group = LoopDevice.uniqueGroupName()
                try await taken.run("pvcreate", ["-q", taken.path])
                try await taken.run("vgcreate", ["-q", group, taken.path])
                let plan = LVMProvisioningPlan.make(device: target.path, settings: ThinPoolSettings(volumeGroup: group))
                do {
                    try await LVMProvisioner().run(plan)
                    Issue.record("provisioning started although the VG \(group) exists")
                } catch DirectLVMError.volumeGroupExists(let name) {
                    #expect(name == group)
                }
                #expect(try await target.physicalVolumes().isEmpty)
            }
        }
    }

    /// The real plan on a real loop: pvcreate and vgcreate work without device-mapper, lvcreate cannot, so the
    /// run stops there with a record of the two; rollback then removes exactly those. On a kernel with
    /// device-mapper the run gets further, and rollback must still leave nothing.
    @Test func partialProvisioningRollsBackToNothing() async throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-provision")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/etc/lvm/profile", withIntermediateDirectories: true)
        try await LoopDevice.with(sizeBytes: 64 * mebibyte) { loop in
            let settings = ThinPoolSettings(volumeGroup: LoopDevice.uniqueGroupName())
            let provisioner = LVMProvisioner(hostRoot: HostRoot(root))
            let journal = RecordList()
            var record: LVMProvisioningRecord?
            do {
                try await provisioner.run(LVMProvisioningPlan.make(device: loop.path, settings: settings)) {
                    await journal.append($0)
                }
                Issue.record("provisioning cannot fully succeed here (no dmeventd to monitor the pool)")
            } catch DirectLVMError.stepFailed(_, _, _, let partial), DirectLVMError.notMonitored(_, _, let partial) {
                record = partial
            }
            let partial = try #require(record)
            if !DeviceMapperGate.shared.availability().isAvailable {
                #expect(partial.completed == [.physicalVolume, .volumeGroup])
                #expect(
                    await journal.records.map(\.completed) == [[.physicalVolume], [.physicalVolume, .volumeGroup]])
            }
            #expect(try await loop.physicalVolumes() == [loop.path + " " + settings.volumeGroup])

            let rollback = try await provisioner.rollback(partial) { await journal.append($0) }
            #expect(rollback.undone.suffix(2) == ["vgremove \(settings.volumeGroup)", "pvremove \(loop.path)"])
            #expect(await journal.records.last?.completed == [])
            #expect(try await loop.physicalVolumes().isEmpty)
            #expect(try await !LVMQuery().volumeGroupNames().contains(settings.volumeGroup))
            // Resumed after a crash (the same record again): everything is already gone, which counts as done.
            let again = try await provisioner.rollback(partial)
            #expect(again.undone.count == rollback.undone.count)
        }
    }

    /// Runs last in this serialized suite, and holds whatever the order: no loop of ours is left attached.
    @Test func noLoopDeviceOfOursIsLeft() async throws {
        let attached = try await CommandRunner().check(Command("losetup", ["-a"])).standardOutput
        #expect(!attached.contains(LoopDevice.scratchPrefix), "left attached:\n\(attached)")
    }

    @Test func udevSyncFindings() {
        let supported = UdevSyncSupport(
            supported: true, libraryBuiltWithUdevSync: true, cookiesSupported: true, udevRunning: true,
            semaphoresAvailable: true, udevDisabledByEnvironment: false)
        #expect(DirectLVMChecks.udevSyncCheck(supported, kernelHasDeviceMapper: true).status == .ok)

        // Without device-mapper only the cookie question is unanswerable; everything else holds.
        let unknowable = UdevSyncSupport(
            supported: false, libraryBuiltWithUdevSync: true, cookiesSupported: false, udevRunning: true,
            semaphoresAvailable: true, udevDisabledByEnvironment: false)
        let warning = DirectLVMChecks.udevSyncCheck(unknowable, kernelHasDeviceMapper: false)
        #expect(warning.status == .warning && warning.finding.contains("cannot be known"))

        let noUdev = UdevSyncSupport(
            supported: false, libraryBuiltWithUdevSync: true, cookiesSupported: false, udevRunning: false,
            semaphoresAvailable: true, udevDisabledByEnvironment: true)
        let blocker = DirectLVMChecks.udevSyncCheck(noUdev, kernelHasDeviceMapper: false)
        #expect(blocker.status == .blocker)
        #expect(blocker.finding.contains("udev is not running") && blocker.finding.contains("DM_DISABLE_UDEV is set"))
        #expect(blocker.remedy?.contains("systemctl start systemd-udevd") == true)
    }

    /// The live probe agrees with itself: libdevmapper says yes exactly when no condition is missing.
    @Test func udevSyncProbeOnThisHost() {
        let support = UdevSyncSupport.probe()
        #expect(support.supported == support.missingConditions.isEmpty, "\(support)")
        let kernel = DeviceMapperGate.shared.availability()
        if !kernel.isAvailable { #expect(!support.supported && !support.cookiesSupported) }
    }

    @Test func toolsUnderAHostRoot() throws {
        let root = try DriverShiftBinary.temporaryDirectory("lvm-tools")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(DirectLVMChecks.toolChecks(hostRoot: HostRoot(root)).map(\.status) == [.blocker, .blocker])
        try FileManager.default.createDirectory(atPath: "\(root)/usr/sbin", withIntermediateDirectories: true)
        for tool in DirectLVMChecks.lvmCommands + ["thin_check"] {
            let path = "\(root)/usr/sbin/\(tool)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\n".utf8)))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        try FileManager.default.removeItem(atPath: "\(root)/usr/sbin/lvconvert")
        let checks = DirectLVMChecks.toolChecks(hostRoot: HostRoot(root))
        #expect(checks.map(\.id) == ["tools.lvm2", "tools.thin-check"])
        #expect(checks.map(\.status) == [.blocker, .ok])
        #expect(checks.first?.finding == "missing: lvconvert")
    }

    static func run(
        _ device: String, requiredBytes: UInt64 = 32 * mebibyte, forceDevice: Bool = false,
        settings: ThinPoolSettings = ThinPoolSettings(volumeGroup: LoopDevice.uniqueGroupName())
    ) async -> [PreflightCheck] {
        await DirectLVMChecks.run(
            device: device, requiredBytes: requiredBytes, forceDevice: forceDevice, settings: settings,
            hostRoot: .live)
    }

    static func deviceChecks(_ checks: [PreflightCheck]) -> [PreflightCheck] {
        checks.filter { $0.id.hasPrefix("device.") }
    }

    static func find(_ id: String, _ checks: [PreflightCheck]) -> PreflightCheck? {
        checks.first { $0.id == id }
    }

    static func candidate(_ path: String, in reports: [BlockDeviceReport]) -> BlockDeviceReport? {
        reports.first { $0.path == path }
    }

    static func status(_ id: String, _ checks: [PreflightCheck]) -> PreflightCheck.Status? {
        find(id, checks)?.status
    }

    static func notOK(_ checks: [PreflightCheck]) -> [PreflightCheck] {
        checks.filter { $0.status != .ok }
    }
}

/// Collects journaled records.
private actor RecordList {
    private(set) var records: [LVMProvisioningRecord] = []
    func append(_ record: LVMProvisioningRecord) { records.append(record) }
}
