import HostSystem

/// The direct-lvm thin pool for Docker on one device, as an ordered list of typed changes: Docker's runbook
/// (pvcreate, vgcreate, two lvcreates, lvconvert, the autoextend profile, lvchange) plus a monitoring check.
///
/// A plan is a pure value: making one touches nothing, so it can be shown in a dry run exactly as it will run.
public struct LVMProvisioningPlan: Sendable, Hashable, Codable {
    public var device: String
    public var settings: ThinPoolSettings
    public var steps: [LVMProvisioningStep]
    /// Run after the steps: the pool must be monitored (dmeventd), or the profile never extends it.
    public var monitoringCheck: Command

    public static func make(device: String, settings: ThinPoolSettings = ThinPoolSettings()) -> LVMProvisioningPlan {
        let group = settings.volumeGroup
        let pool = "\(group)/\(settings.thinPool)"
        let metadataName = settings.thinPool + "meta"
        let metadata = "\(group)/\(metadataName)"
        let steps = [
            LVMProvisioningStep(
                kind: .physicalVolume, description: "make \(device) an LVM physical volume",
                action: .run(Command("pvcreate", [device])), undo: .run(Command("pvremove", [device]))),
            LVMProvisioningStep(
                kind: .volumeGroup, description: "create the volume group \(group) on \(device)",
                action: .run(Command("vgcreate", [group, device])), undo: .run(Command("vgremove", [group]))),
            LVMProvisioningStep(
                kind: .dataVolume,
                description: "create the pool's data volume \(pool) (\(settings.dataPercentOfVG)% of \(group))",
                action: .run(
                    Command(
                        "lvcreate",
                        [
                            "--wipesignatures", "y", "-n", settings.thinPool, group, "-l",
                            "\(settings.dataPercentOfVG)%VG",
                        ]
                    )),
                undo: .run(Command("lvremove", ["-y", pool]))),
            LVMProvisioningStep(
                kind: .metadataVolume,
                description:
                    "create the pool's metadata volume \(metadata) (\(settings.metadataPercentOfVG)% of \(group))",
                action: .run(
                    Command(
                        "lvcreate",
                        [
                            "--wipesignatures", "y", "-n", metadataName, group, "-l",
                            "\(settings.metadataPercentOfVG)%VG",
                        ]
                    )),
                undo: .run(Command("lvremove", ["-y", metadata]))),
            // After the conversion the metadata volume lives inside the pool: removing the pool removes it.
            LVMProvisioningStep(
                kind: .thinPoolConversion,
                description: "turn \(pool) into a thin pool with \(metadata) as its metadata, "
                    + "\(settings.chunkSize) chunks, no zeroing",
                action: .run(
                    Command(
                        "lvconvert",
                        [
                            "-y", "--zero", "n", "-c", settings.chunkSize, "--thinpool", pool, "--poolmetadata",
                            metadata,
                        ])),
                undo: nil),
            LVMProvisioningStep(
                kind: .profile, description: "write the autoextend profile \(ThinPoolProfile.path(settings))",
                action: .writeFile(ThinPoolProfile.edit(settings)),
                undo: .removeFile(path: ThinPoolProfile.path(settings))),
            // Detached again before the profile file goes, so the VG never names a missing profile.
            LVMProvisioningStep(
                kind: .metadataProfile, description: "attach the profile \(settings.profileName) to \(pool)",
                action: .run(Command("lvchange", ["--metadataprofile", settings.profileName, pool])),
                undo: .run(Command("lvchange", ["--detachprofile", pool]))),
        ]
        return LVMProvisioningPlan(
            device: device, settings: settings, steps: steps,
            monitoringCheck: Command("lvs", ["--reportformat", "json", "-o", "lv_name,seg_monitor", pool]))
    }

    /// The undo actions for what `record` says was completed, in reverse order: exactly the parts this tool
    /// created.
    public func rollbackActions(for record: LVMProvisioningRecord) -> [LVMProvisioningStep.Action] {
        steps.reversed().filter { record.completed.contains($0.kind) }.compactMap { undo(for: $0, in: record) }
    }

    /// The undo of one completed step, or nil when it needs none: the conversion and, once converted, the
    /// metadata volume go with the pool's removal; a profile that was already there (identical) is not ours.
    public func undo(for step: LVMProvisioningStep, in record: LVMProvisioningRecord) -> LVMProvisioningStep.Action? {
        switch step.kind {
        case .metadataVolume where record.completed.contains(.thinPoolConversion): return nil
        case .profile where record.profileWritten == nil: return nil
        default: return step.undo
        }
    }
}
