import DirectLVM
import HostSystem
import Inventory
import ThinPool

/// The preflight for target direct-lvm: is the device safe and big enough to become Docker's thin pool, are the
/// tools there, and will dockerd's devicemapper driver accept this host (device-mapper, udev sync).
public enum DirectLVMChecks {
    /// Commands the provisioning plan and its rollback run; lvm2 installs them all as links to `lvm`.
    static let lvmCommands = [
        "lvm", "pvcreate", "vgcreate", "lvcreate", "lvconvert", "lvchange", "lvs", "pvs", "vgs", "lvremove",
        "vgremove", "pvremove",
    ]
    static let toolDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]

    public static func run(
        device: String, requiredBytes: UInt64, forceDevice: Bool, settings: ThinPoolSettings, hostRoot: HostRoot
    ) async -> [PreflightCheck] {
        let report = await BlockDeviceInspector(hostRoot: hostRoot).inspect(device)
        var checks = deviceChecks(report, requiredBytes: requiredBytes, forceDevice: forceDevice, settings: settings)
        checks += toolChecks(hostRoot: hostRoot)
        guard hostRoot.isLive else {
            // The kernel, libdevmapper and lvm answer for the live host only, never for a copied tree.
            let finding = "not checked: \(hostRoot) is not the live host root"
            checks += [
                PreflightCheck(id: "devicemapper.kernel", title: kernelTitle, status: .warning, finding: finding),
                PreflightCheck(id: "devicemapper.udev-sync", title: udevTitle, status: .warning, finding: finding),
                PreflightCheck(id: "lvm.vg-name", title: groupTitle(settings), status: .warning, finding: finding),
            ]
            return checks
        }
        let availability = DeviceMapperGate.shared.availability()
        checks.append(kernelCheck(availability))
        checks.append(udevSyncCheck(UdevSyncSupport.probe(), kernelHasDeviceMapper: availability.isAvailable))
        do {
            let groups = try await LVMQuery().volumeGroupNames()
            checks.append(volumeGroupCheck(existing: groups, settings: settings))
        } catch {
            checks.append(
                PreflightCheck(
                    id: "lvm.vg-name", title: groupTitle(settings), status: .warning,
                    finding: "could not list volume groups: \(error)", remedy: "Install lvm2 and run as root."))
        }
        return checks
    }

    /// The checks that need only the inspector's report. A missing or non-block path stops there: the other
    /// device checks would have nothing to look at.
    public static func deviceChecks(
        _ report: BlockDeviceReport, requiredBytes: UInt64, forceDevice: Bool, settings: ThinPoolSettings
    ) -> [PreflightCheck] {
        let device = report.path
        let listDevices = "List the disks with `lsblk -o NAME,SIZE,TYPE,MOUNTPOINT,MODEL` and give an empty one."
        guard report.exists else {
            return [
                check("device.exists", "the device exists", .blocker, "nothing exists at \(device)", listDevices)
            ]
        }
        var checks = [check("device.exists", "the device exists", .ok, "\(device) exists")]
        guard report.isBlockDevice else {
            checks.append(
                check(
                    "device.block", "it is a block device", .blocker,
                    "\(device) is not a block device (a regular file, directory or character device)",
                    "direct-lvm needs a whole disk. " + listDevices))
            return checks
        }
        let numbers = "\(report.major ?? 0):\(report.minor ?? 0)"
        checks.append(check("device.block", "it is a block device", .ok, "\(device) is block device \(numbers)"))

        if report.isPartition {
            let disk = report.parentDisk.map { "/dev/\($0)" } ?? "its disk"
            checks.append(
                check(
                    "device.whole-disk", "it is a whole disk", .blocker,
                    "\(device) is a partition of \(disk), not a whole disk",
                    "Give an empty whole disk: the thin pool takes the entire device. " + listDevices))
        } else {
            checks.append(check("device.whole-disk", "it is a whole disk", .ok, "\(device) is a whole disk"))
        }

        checks.append(
            report.isReadOnly
                ? check(
                    "device.read-only", "it is writable", .blocker, "the kernel has \(device) read-only",
                    "Make it writable (`blockdev --setrw \(device)`, or the hypervisor's setting), or pick another.")
                : check("device.read-only", "it is writable", .ok, "\(device) is writable"))

        if report.mounts.isEmpty {
            checks.append(
                check("device.mounted", "it is not mounted", .ok, "neither \(device) nor a partition is mounted"))
        } else {
            let mounts = report.mounts.map { "/dev/\($0.device) on \($0.mountPoint) (\($0.fileSystemType))" }
            let points = report.mounts.map(\.mountPoint).joined(separator: " ")
            checks.append(
                check(
                    "device.mounted", "it is not mounted", .blocker, "mounted: " + mounts.joined(separator: ", "),
                    "This disk holds a mounted filesystem: choose another device, or if its data is not needed, "
                        + "unmount it (`umount \(points)`) and remove it from /etc/fstab."))
        }

        checks.append(
            report.swapAreas.isEmpty
                ? check("device.swap", "it is not swap", .ok, "no swap area on \(device)")
                : check(
                    "device.swap", "it is not swap", .blocker,
                    "in use as swap: " + report.swapAreas.joined(separator: ", "),
                    "Choose another device, or `swapoff \(report.swapAreas.joined(separator: " "))` and remove "
                        + "the entry from /etc/fstab."))

        checks.append(
            report.holders.isEmpty
                ? check(
                    "device.holders", "nothing is built on it", .ok, "no device-mapper or RAID device uses \(device)")
                : check(
                    "device.holders", "nothing is built on it", .blocker,
                    "in use by " + report.holders.joined(separator: ", ") + " (device-mapper, RAID or cache)",
                    "`lsblk \(device)` shows what is built on it; choose another device."))

        checks.append(physicalVolumeCheck(report))

        checks.append(
            report.partitions.isEmpty
                ? check("device.partitions", "it has no partitions", .ok, "\(device) has no partitions")
                : check(
                    "device.partitions", "it has no partitions", .blocker,
                    "\(device) has partitions: " + report.partitions.map { "/dev/\($0)" }.joined(separator: ", "),
                    "Choose an empty disk. Only if nothing on these partitions is needed: `wipefs -a \(device)` "
                        + "removes the partition table."))

        checks.append(signatureCheck(report, forceDevice: forceDevice))
        checks.append(sizeCheck(report, requiredBytes: requiredBytes, settings: settings))
        return checks
    }

    static func physicalVolumeCheck(_ report: BlockDeviceReport) -> PreflightCheck {
        let title = "it is not an LVM physical volume"
        guard let volumes = report.physicalVolumes else {
            let why = report.notes.first { $0.hasPrefix("LVM") || $0.contains("not probed") } ?? "lvm was not asked"
            return check("device.pv", title, .warning, "could not be checked: \(why)", "Install lvm2 and run as root.")
        }
        guard !volumes.isEmpty else { return check("device.pv", title, .ok, "no PV on \(report.path)") }
        let described = volumes.map { volume in
            volume.name + (volume.volumeGroup.map { " (in VG \($0))" } ?? " (in no VG)")
        }
        let groups = Set(volumes.compactMap(\.volumeGroup)).sorted()
        let remedy =
            groups.isEmpty
            ? "Choose another device, or if the PV is unused: `pvremove \(volumes[0].name)`."
            : "It belongs to VG \(groups.joined(separator: ", ")): choose another device. Only if that VG is unused: "
                + "`vgremove \(groups[0])` then `pvremove \(volumes[0].name)`."
        return check("device.pv", title, .blocker, "LVM physical volume: " + described.joined(separator: ", "), remedy)
    }

    static func signatureCheck(_ report: BlockDeviceReport, forceDevice: Bool) -> PreflightCheck {
        let title = "it carries no filesystem, RAID or partition-table signature"
        guard let signatures = report.signatures else {
            return check(
                "device.signature", title, .warning, "could not be read (wipefs and blkid failed)",
                "Install util-linux and run as root.")
        }
        guard !signatures.isEmpty else {
            return check("device.signature", title, .ok, "no signature on \(report.path)")
        }
        let found = "\(report.path) carries " + signatures.map(\.description).joined(separator: ", ")
        if forceDevice {
            return check(
                "device.signature", title, .warning, found + "; --force-device: provisioning will destroy it",
                "Be sure nothing on \(report.path) is needed.")
        }
        return check(
            "device.signature", title, .blocker, found,
            "Choose another device. Only if you are sure nothing on it is needed: `wipefs -a \(report.path)`, "
                + "or pass --force-device.")
    }

    static func sizeCheck(_ report: BlockDeviceReport, requiredBytes: UInt64, settings: ThinPoolSettings)
        -> PreflightCheck
    {
        let title = "it is big enough"
        guard let size = report.sizeBytes else {
            return check("device.size", title, .warning, "the size of \(report.path) is unknown (no sysfs entry)")
        }
        let pool = ThinPoolSizing.poolDataBytes(deviceBytes: size, settings: settings)
        let finding =
            "\(report.path) is \(figure(size)); its thin pool (\(settings.dataPercentOfVG)% of the VG) would "
            + "hold \(figure(pool)), \(figure(requiredBytes)) needed"
        guard pool >= requiredBytes else {
            let minimum = ThinPoolSizing.minimumDeviceBytes(forPoolBytes: requiredBytes, settings: settings)
            return check("device.size", title, .blocker, finding, "Use a device of at least \(figure(minimum)).")
        }
        return check("device.size", title, .ok, finding)
    }

    static func toolChecks(hostRoot: HostRoot) -> [PreflightCheck] {
        let missing = lvmCommands.filter { findTool($0, hostRoot: hostRoot) == nil }
        let lvm2 =
            missing.isEmpty
            ? check(
                "tools.lvm2", "lvm2 is installed", .ok,
                "lvm2 commands found: " + (findTool("lvm", hostRoot: hostRoot) ?? "lvm"))
            : check(
                "tools.lvm2", "lvm2 is installed", .blocker, "missing: " + missing.joined(separator: ", "),
                "Install lvm2 (`apt-get install lvm2` or `yum install lvm2`).")
        let thinCheck = findTool("thin_check", hostRoot: hostRoot)
        let tools =
            thinCheck.map { check("tools.thin-check", "thin_check is installed", .ok, "found \($0)") }
            ?? check(
                "tools.thin-check", "thin_check is installed", .blocker,
                "thin_check is missing: lvm cannot check the pool's metadata when it activates it",
                "Install thin-provisioning-tools (Debian, Ubuntu) or device-mapper-persistent-data (RHEL, CentOS).")
        return [lvm2, tools]
    }

    static func kernelCheck(_ availability: DeviceMapperAvailability) -> PreflightCheck {
        if let driver = availability.driverVersion {
            return check(
                "devicemapper.kernel", kernelTitle, .ok,
                "device-mapper driver \(driver), libdevmapper \(availability.libraryVersion)")
        }
        return check(
            "devicemapper.kernel", kernelTitle, .blocker,
            "this kernel has no usable device-mapper (libdevmapper \(availability.libraryVersion)): "
                + (availability.libraryMessages.first ?? "the driver did not answer"),
            "Load it (`modprobe dm_thin_pool`) or boot a kernel that has it; run as root.")
    }

    /// dockerd's devicemapper driver refuses to start without udev sync; the answer depends on the kernel's
    /// device-mapper, so without it only the other conditions can be known.
    public static func udevSyncCheck(_ support: UdevSyncSupport, kernelHasDeviceMapper: Bool) -> PreflightCheck {
        if support.supported {
            return check(
                "devicemapper.udev-sync", udevTitle, .ok,
                "libdevmapper syncs with udev (`docker info` will show Udev Sync Supported: true)")
        }
        var remedies: [String] = []
        if !support.libraryBuiltWithUdevSync { remedies.append("use a libdevmapper and dockerd built with udev sync") }
        if support.udevDisabledByEnvironment { remedies.append("unset DM_DISABLE_UDEV") }
        if !support.semaphoresAvailable { remedies.append("boot a kernel with System V IPC") }
        if !support.udevRunning { remedies.append("start udev (`systemctl start systemd-udevd`)") }
        let missing = support.missingConditions.joined(separator: "; ")
        if remedies.isEmpty && !kernelHasDeviceMapper {
            return check(
                "devicemapper.udev-sync", udevTitle, .warning,
                "cannot be known without device-mapper in the kernel; libdevmapper is built with udev sync, udev "
                    + "runs and semaphores are available",
                "Check again on the kernel that will run the pool.")
        }
        if remedies.isEmpty { remedies.append("upgrade the kernel (device-mapper 4.15 or newer supports cookies)") }
        return check(
            "devicemapper.udev-sync", udevTitle, .blocker,
            "no udev sync: \(missing); dockerd refuses devicemapper without it",
            remedies.joined(separator: "; ").capitalizedFirst + ". (dm.override_udev_sync_check=true risks "
                + "lost devices and is not a fix.)")
    }

    public static func volumeGroupCheck(existing: [String], settings: ThinPoolSettings) -> PreflightCheck {
        let name = settings.volumeGroup
        guard existing.contains(name) else {
            return check("lvm.vg-name", groupTitle(settings), .ok, "no volume group named \(name) exists")
        }
        return check(
            "lvm.vg-name", groupTitle(settings), .blocker, "a volume group named \(name) already exists",
            "Choose another volume group name for the pool, or remove \(name) if it is unused (`vgremove \(name)`).")
    }

    static let kernelTitle = "the kernel has device-mapper"
    static let udevTitle = "device-mapper syncs with udev"
    static func groupTitle(_ settings: ThinPoolSettings) -> String {
        "no volume group is named \(settings.volumeGroup)"
    }

    /// The first executable `name` in the host's sbin/bin directories (links followed: usrmerge, lvm's links).
    static func findTool(_ name: String, hostRoot: HostRoot) -> String? {
        toolDirectories.map { "\($0)/\(name)" }.first { CommandRunner.which(hostRoot.resolve($0)) != nil }
    }

    static func figure(_ bytes: UInt64) -> String { "\(ByteCount.format(bytes)) (\(bytes) bytes)" }

    static func check(
        _ id: String, _ title: String, _ status: PreflightCheck.Status, _ finding: String, _ remedy: String? = nil
    ) -> PreflightCheck {
        PreflightCheck(id: id, title: title, status: status, finding: finding, remedy: remedy)
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
