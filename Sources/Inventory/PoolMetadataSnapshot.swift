import Foundation
import HostSystem
import PoolFiles

/// A live pool's mappings, read without stopping anything: the kernel is asked to hold a snapshot of the
/// pool's metadata (`dmsetup message POOL 0 reserve_metadata_snap`), thin_dump reads that snapshot from the
/// metadata device (`--metadata-snap`; live metadata itself must never be dumped), and the snapshot is
/// released again (`release_metadata_snap`), also when the dump fails or the operator presses Ctrl-C. A held
/// snapshot pins metadata blocks, so it is never left behind (a SIGKILL still can: the error names the fix).
struct PoolMetadataSnapshot {
    let poolName: String
    /// The pool's metadata device as the table names it ("major:minor").
    let metadataDevice: String
    let runner: CommandRunner
    /// Where thin_dump's XML goes for a moment.
    let scratchDirectory: String

    func read() async throws(InventoryError) -> ThinPoolMap {
        let device = try Self.devicePath(metadataDevice)
        for tool in ["dmsetup", "thin_dump"] where CommandRunner.which(tool) == nil {
            throw .metadataSnapshotFailed(
                pool: poolName, step: "find \(tool)",
                message: "\(tool) is not installed; install lvm2's dmsetup and thin-provisioning-tools")
        }
        // A Ctrl-C meanwhile may stop thin_dump (the terminal signals it too); this process still releases the
        // snapshot, and is interrupted after.
        let outcome: Result<ThinPoolMap, InventoryError> = await InterruptDeferral.run {
            do throws(InventoryError) {
                try await message("reserve_metadata_snap")
            } catch {
                return .failure(error)
            }
            let dumped: Result<ThinPoolMap, InventoryError>
            do throws(InventoryError) {
                dumped = .success(try await dump(device: device))
            } catch {
                dumped = .failure(error)
            }
            // Released before anything else happens, whatever the dump did.
            do throws(InventoryError) {
                try await message("release_metadata_snap")
            } catch {
                return .failure(error)
            }
            return dumped
        }
        return try outcome.get()
    }

    private func dump(device: String) async throws(InventoryError) -> ThinPoolMap {
        let directory = "\(scratchDirectory)/drivershift-snap-\(UUID().uuidString.prefix(8))"
        let output = "\(directory)/pool.xml"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .metadataSnapshotFailed(
                pool: poolName, step: "create \(directory)", message: "\(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result: CommandResult
        do {
            result = try await runner.run(
                Command("thin_dump", ["--metadata-snap", "--format", "xml", "-o", output, device]))
        } catch {
            throw .metadataSnapshotFailed(pool: poolName, step: "run thin_dump --metadata-snap", message: "\(error)")
        }
        guard result.succeeded else {
            throw .metadataSnapshotFailed(
                pool: poolName, step: "thin_dump --metadata-snap \(device)", message: Self.said(result))
        }
        do {
            return try ThinMetadataDump.parse(xmlFile: output)
        } catch {
            throw .metadataSnapshotFailed(pool: poolName, step: "read thin_dump's XML", message: "\(error)")
        }
    }

    private func message(_ text: String) async throws(InventoryError) {
        let result: CommandResult
        do {
            result = try await runner.run(Command("dmsetup", ["message", poolName, "0", text]))
        } catch {
            throw .metadataSnapshotFailed(pool: poolName, step: "dmsetup message \(text)", message: "\(error)")
        }
        guard result.succeeded else {
            throw .metadataSnapshotFailed(pool: poolName, step: "dmsetup message \(text)", message: Self.said(result))
        }
    }

    /// "7:1" -> "/dev/loop1", from the kernel's own name for the device (sysfs), so no udev link is needed.
    static func devicePath(_ majorMinor: String, sysfs: String = "/sys/dev/block") throws(InventoryError) -> String {
        if majorMinor.hasPrefix("/") { return majorMinor }
        let uevent = "\(sysfs)/\(majorMinor)/uevent"
        guard let text = try? String(contentsOfFile: uevent, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("DEVNAME=") })
        else {
            throw .metadataSnapshotFailed(
                pool: majorMinor, step: "find the metadata device",
                message: "\(uevent) names no device; is the pool's metadata device gone?")
        }
        return "/dev/" + line.dropFirst("DEVNAME=".count)
    }

    private static func said(_ result: CommandResult) -> String {
        let text = result.errorTail(lines: .max)
        return text.isEmpty ? "exit status \(result.exitCode)" : text
    }
}
