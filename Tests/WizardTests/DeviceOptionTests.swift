import Testing

@testable import DirectLVM
@testable import Wizard

/// The direct-lvm picker judges disks with the preflight's own checks: an empty disk can be chosen, one in
/// use is shown with the reason and cannot.
struct DeviceOptionTests {
    static func disk(_ name: String, size: UInt64 = 20_000_000_000) -> BlockDeviceReport {
        var report = BlockDeviceReport(path: "/dev/\(name)")
        report.exists = true
        report.isBlockDevice = true
        report.kernelName = name
        report.major = 252
        report.minor = 16
        report.sizeBytes = size
        report.model = "QEMU HARDDISK"
        report.signatures = []
        report.physicalVolumes = []
        return report
    }

    @Test func anEmptyDiskCanBeChosen() {
        let option = DeviceOption(
            report: Self.disk("vdb"), requiredBytes: 1_000_000_000, forceDevice: false, settings: ThinPoolSettings())
        #expect(option.unavailable == nil)
        #expect(
            option.choice
                == Choice(id: "/dev/vdb", label: "/dev/vdb", detail: " 20.0 GB  QEMU HARDDISK  nothing found on it"))
    }

    @Test func aMountedDiskIsShownWithTheReason() {
        var report = Self.disk("vda")
        report.partitions = ["vda1"]
        report.mounts = [BlockDeviceReport.Mount(device: "vda1", mountPoint: "/", fileSystemType: "ext4")]
        let option = DeviceOption(
            report: report, requiredBytes: 1_000_000_000, forceDevice: false, settings: ThinPoolSettings())
        #expect(option.unavailable == "mounted: /dev/vda1 on / (ext4)")
        #expect(option.choice.detail == " 20.0 GB  QEMU HARDDISK")
        #expect(option.uses == ["partitions vda1", "vda1 mounted at / (ext4)"])
        let screen = TargetScreen.devices([option], searched: "/sys/class/block", preset: nil)
        #expect(
            Array(screen.body.map(\.text).dropFirst()) == [
                "",
                "/dev/vda  20.0 GB  QEMU HARDDISK",
                "    on it: partitions vda1; vda1 mounted at / (ext4)",
                "    cannot be chosen: mounted: /dev/vda1 on / (ext4)",
                "",
                "No disk can take the thin pool: each one found is in use or unsafe.",
                "Go back (b) and choose overlay2, or attach an empty disk and start the wizard again.",
            ])
    }

    @Test func anOldSignatureIsUnsafeUnlessForced() {
        var report = Self.disk("vdc")
        report.signatures = [DeviceSignature(type: "xfs")]
        let settings = ThinPoolSettings()
        #expect(
            DeviceOption(report: report, requiredBytes: 1, forceDevice: false, settings: settings).unavailable != nil)
        #expect(
            DeviceOption(report: report, requiredBytes: 1, forceDevice: true, settings: settings).unavailable == nil)
    }

    @Test func aDiskTooSmallCannotBeChosen() {
        let option = DeviceOption(
            report: Self.disk("vdd", size: 100_000_000), requiredBytes: 50_000_000_000, forceDevice: false,
            settings: ThinPoolSettings())
        #expect(option.unavailable != nil)
    }
}
