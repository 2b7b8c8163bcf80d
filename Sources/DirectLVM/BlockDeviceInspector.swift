import Foundation
import HostSystem

/// Finds out what a block device is and what is on it, from stat, sysfs, the mount and swap tables, wipefs
/// (or blkid) and lvm. Reads only: nothing here writes to a device.
public struct BlockDeviceInspector: Sendable {
    public var hostRoot: HostRoot
    public var runner: CommandRunner

    public init(hostRoot: HostRoot = .live, runner: CommandRunner = CommandRunner()) {
        self.hostRoot = hostRoot
        self.runner = runner
    }

    /// Everything about the device at `path`; the report's flags and notes say what could not be found.
    public func inspect(_ path: String) async -> BlockDeviceReport {
        var report = BlockDeviceReport(path: path)
        let location = hostRoot.resolve(path)
        guard let node = DeviceNode.of(location) else { return report }
        report.exists = true
        guard node.isBlockDevice else { return report }
        report.isBlockDevice = true
        report.major = node.major
        report.minor = node.minor

        let name =
            SysfsBlockDevice.name(major: node.major, minor: node.minor, hostRoot: hostRoot)
            ?? URL(fileURLWithPath: location).resolvingSymlinksInPath().lastPathComponent
        let sysfs = SysfsBlockDevice(name: name, hostRoot: hostRoot)
        if sysfs.exists {
            report.kernelName = name
            report.isPartition = sysfs.isPartition
            report.parentDisk = sysfs.parentDisk
            report.sizeBytes = sysfs.sizeBytes
            report.model = sysfs.model
            report.vendor = sysfs.vendor
            report.isReadOnly = sysfs.isReadOnly
            report.partitions = sysfs.partitions
        } else {
            report.notes.append("sysfs has no \(sysfs.directory): size, partitions and holders are unknown")
        }

        // The disk and its partitions: a mount, swap area, holder or PV on any of them means the disk is in use.
        let members = [sysfs] + report.partitions.map { SysfsBlockDevice(name: $0, hostRoot: hostRoot) }
        report.holders = members.flatMap(\.holders)
        var numbers: [String: String] = [:]
        for member in members {
            if let pair = member.numbers { numbers["\(pair.major):\(pair.minor)"] = member.name }
        }
        numbers["\(node.major):\(node.minor)"] = name
        let names = Set(members.map(\.name))
        report.mounts = mounts(numbers: numbers, names: names)
        report.swapAreas = swapAreas(numbers: numbers, names: names)

        guard hostRoot.isLive else {
            report.notes.append("signatures and LVM were not probed: \(hostRoot) is not the live host root")
            return report
        }
        var notes = report.notes
        report.signatures = await signatures(location, notes: &notes)
        report.physicalVolumes = await physicalVolumes(
            members.map { "/dev/\($0.name)" }, numbers: numbers, names: names, notes: &notes)
        report.notes = notes
        return report
    }

    /// Every whole disk with a size, each inspected, for a device picker. Partitions are listed inside their disk.
    public func candidates() async -> [BlockDeviceReport] {
        var reports: [BlockDeviceReport] = []
        for name in SysfsBlockDevice.allNames(hostRoot: hostRoot) {
            let sysfs = SysfsBlockDevice(name: name, hostRoot: hostRoot)
            guard !sysfs.isPartition, let size = sysfs.sizeBytes, size > 0 else { continue }
            reports.append(await inspect("/dev/\(name)"))
        }
        return reports
    }

    private func mounts(numbers: [String: String], names: Set<String>) -> [BlockDeviceReport.Mount] {
        let entries = MountTable.parseMountInfo(readProcFile("/proc/self/mountinfo"))
        return entries.compactMap { entry in
            // By number first; by source name for filesystems (btrfs) that report an anonymous number.
            let device =
                numbers["\(entry.major):\(entry.minor)"]
                ?? (entry.source.hasPrefix("/dev/") ? names.first { "/dev/\($0)" == entry.source } : nil)
            guard let device else { return nil }
            return BlockDeviceReport.Mount(
                device: device, mountPoint: entry.mountPoint, fileSystemType: entry.fileSystemType)
        }
    }

    private func swapAreas(numbers: [String: String], names: Set<String>) -> [String] {
        MountTable.parseSwaps(readProcFile("/proc/swaps")).filter { file in
            if names.contains(where: { "/dev/\($0)" == file }) { return true }
            guard let node = DeviceNode.of(hostRoot.resolve(file)), node.isBlockDevice else { return false }
            return numbers["\(node.major):\(node.minor)"] != nil
        }
    }

    /// wipefs lists every signature; blkid (older util-linux has no `wipefs --json`) finds one.
    private func signatures(_ device: String, notes: inout [String]) async -> [DeviceSignature]? {
        let wipefs = Command("wipefs", ["--no-act", "--json", device])
        if let result = try? await runner.run(wipefs), result.succeeded,
            let found = DeviceSignature.parseWipefsJSON(result.standardOutput)
        {
            return found
        }
        let blkid = Command("blkid", ["-p", "-o", "export", device])
        guard let result = try? await runner.run(blkid) else {
            notes.append("neither `\(wipefs)` nor `\(blkid)` could run: signatures are unknown")
            return nil
        }
        switch result.exitCode {
        case 0: return DeviceSignature.parseBlkidExport(result.standardOutput)
        case 2: return []  // blkid: nothing found
        case 8: return [DeviceSignature(type: "ambivalent (several signatures)")]
        default:
            notes.append("`\(blkid)` exited with status \(result.exitCode): \(result.errorTail(lines: 2))")
            return nil
        }
    }

    private func physicalVolumes(
        _ devices: [String], numbers: [String: String], names: Set<String>, notes: inout [String]
    ) async -> [LVMQuery.PhysicalVolume]? {
        do {
            let (volumes, warnings) = try await LVMQuery(runner: runner).physicalVolumes(on: devices)
            notes += warnings.map { "lvm: \($0)" }
            return volumes.filter { volume in
                if names.contains(where: { "/dev/\($0)" == volume.name }) { return true }
                guard let node = DeviceNode.of(volume.name), node.isBlockDevice else { return false }
                return numbers["\(node.major):\(node.minor)"] != nil
            }
        } catch {
            notes.append("LVM could not be asked: \(error)")
            return nil
        }
    }

    /// /proc files report size 0, so read to EOF.
    private func readProcFile(_ hostPath: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: hostRoot.resolve(hostPath)) else { return "" }
        defer { try? handle.close() }
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }
}
