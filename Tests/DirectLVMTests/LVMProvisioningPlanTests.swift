import DirectLVM
import Foundation
import HostSystem
import Testing

@Suite struct LVMProvisioningPlanTests {
    static let custom = ThinPoolSettings(
        volumeGroup: "dockervg", thinPool: "pool", dataPercentOfVG: 90, metadataPercentOfVG: 2, chunkSize: "1M",
        autoextendThreshold: 70, autoextendPercent: 30, profileName: "dockervg-pool")

    @Test func defaultPlanIsDockersRunbook() {
        let plan = LVMProvisioningPlan.make(device: "/dev/vdb")
        #expect(plan.steps.map(\.kind) == LVMProvisioningStep.Kind.allCases)
        #expect(
            plan.steps.map { $0.action.command?.argv } == [
                ["pvcreate", "/dev/vdb"],
                ["vgcreate", "docker", "/dev/vdb"],
                ["lvcreate", "--wipesignatures", "y", "-n", "thinpool", "docker", "-l", "95%VG"],
                ["lvcreate", "--wipesignatures", "y", "-n", "thinpoolmeta", "docker", "-l", "1%VG"],
                [
                    "lvconvert", "-y", "--zero", "n", "-c", "512K", "--thinpool", "docker/thinpool", "--poolmetadata",
                    "docker/thinpoolmeta",
                ],
                nil,
                ["lvchange", "--metadataprofile", "docker-thinpool", "docker/thinpool"],
            ])
        #expect(
            plan.steps.map { $0.undo?.command?.argv } == [
                ["pvremove", "/dev/vdb"],
                ["vgremove", "docker"],
                ["lvremove", "-y", "docker/thinpool"],
                ["lvremove", "-y", "docker/thinpoolmeta"],
                nil,
                nil,
                ["lvchange", "--detachprofile", "docker/thinpool"],
            ])
        #expect(
            plan.monitoringCheck.argv == [
                "lvs", "--reportformat", "json", "-o", "lv_name,seg_monitor", "docker/thinpool",
            ])
    }

    @Test func defaultProfileEdit() throws {
        let step = try #require(LVMProvisioningPlan.make(device: "/dev/vdb").steps.first { $0.kind == .profile })
        guard case .writeFile(let edit) = step.action else {
            Issue.record("the profile step writes no file: \(step.action)")
            return
        }
        #expect(edit.path == "/etc/lvm/profile/docker-thinpool.profile")
        #expect(edit.createsFile)
        #expect(edit.newFileMode == 0o644)
        #expect(
            edit.after == """
                # Written by drivershift for the Docker thin pool docker/thinpool.
                activation {
                    thin_pool_autoextend_threshold=80
                    thin_pool_autoextend_percent=20
                }

                """)
        #expect(step.undo == .removeFile(path: "/etc/lvm/profile/docker-thinpool.profile"))
    }

    @Test func customSettingsReachEveryArgument() {
        let plan = LVMProvisioningPlan.make(device: "/dev/disk/by-id/virtio-data", settings: Self.custom)
        #expect(
            plan.steps.compactMap { $0.action.command?.argv } == [
                ["pvcreate", "/dev/disk/by-id/virtio-data"],
                ["vgcreate", "dockervg", "/dev/disk/by-id/virtio-data"],
                ["lvcreate", "--wipesignatures", "y", "-n", "pool", "dockervg", "-l", "90%VG"],
                ["lvcreate", "--wipesignatures", "y", "-n", "poolmeta", "dockervg", "-l", "2%VG"],
                [
                    "lvconvert", "-y", "--zero", "n", "-c", "1M", "--thinpool", "dockervg/pool", "--poolmetadata",
                    "dockervg/poolmeta",
                ],
                ["lvchange", "--metadataprofile", "dockervg-pool", "dockervg/pool"],
            ])
        guard case .writeFile(let edit) = plan.steps[5].action else {
            Issue.record("step 6 is not the profile: \(plan.steps[5])")
            return
        }
        #expect(edit.path == "/etc/lvm/profile/dockervg-pool.profile")
        #expect(edit.after.contains("thin_pool_autoextend_threshold=70\n"))
        #expect(edit.after.contains("thin_pool_autoextend_percent=30\n"))
        #expect(plan.monitoringCheck.argv.last == "dockervg/pool")
    }

    @Test func fullRollbackDefault() {
        var record = LVMProvisioningRecord(device: "/dev/vdb", settings: ThinPoolSettings())
        record.completed = LVMProvisioningStep.Kind.allCases
        record.profileWritten = "text"
        #expect(
            Self.rendered(record.plan.rollbackActions(for: record)) == [
                "lvchange --detachprofile docker/thinpool",
                "remove /etc/lvm/profile/docker-thinpool.profile",
                "lvremove -y docker/thinpool",
                "vgremove docker",
                "pvremove /dev/vdb",
            ])
    }

    @Test func fullRollbackCustom() {
        var record = LVMProvisioningRecord(device: "/dev/sdc", settings: Self.custom)
        record.completed = LVMProvisioningStep.Kind.allCases
        record.profileWritten = "text"
        #expect(
            Self.rendered(record.plan.rollbackActions(for: record)) == [
                "lvchange --detachprofile dockervg/pool",
                "remove /etc/lvm/profile/dockervg-pool.profile",
                "lvremove -y dockervg/pool",
                "vgremove dockervg",
                "pvremove /dev/sdc",
            ])
    }

    /// After each prefix of the steps (a failure or crash in the next one), rollback undoes exactly that prefix.
    @Test(arguments: 0...LVMProvisioningStep.Kind.allCases.count)
    func rollbackAfterPartialCompletion(completedCount: Int) {
        var record = LVMProvisioningRecord(device: "/dev/vdb", settings: ThinPoolSettings())
        record.completed = Array(LVMProvisioningStep.Kind.allCases.prefix(completedCount))
        if record.completed.contains(.profile) { record.profileWritten = "text" }
        let expected: [[String]] = [
            [],
            ["pvremove /dev/vdb"],
            ["vgremove docker", "pvremove /dev/vdb"],
            ["lvremove -y docker/thinpool", "vgremove docker", "pvremove /dev/vdb"],
            ["lvremove -y docker/thinpoolmeta", "lvremove -y docker/thinpool", "vgremove docker", "pvremove /dev/vdb"],
            // Converted: the metadata volume is inside the pool now and goes with it.
            ["lvremove -y docker/thinpool", "vgremove docker", "pvremove /dev/vdb"],
            [
                "remove /etc/lvm/profile/docker-thinpool.profile", "lvremove -y docker/thinpool", "vgremove docker",
                "pvremove /dev/vdb",
            ],
            [
                "lvchange --detachprofile docker/thinpool", "remove /etc/lvm/profile/docker-thinpool.profile",
                "lvremove -y docker/thinpool", "vgremove docker", "pvremove /dev/vdb",
            ],
        ]
        #expect(Self.rendered(record.plan.rollbackActions(for: record)) == expected[completedCount])
    }

    @Test func aProfileThatWasAlreadyThereIsNotRemoved() {
        var record = LVMProvisioningRecord(device: "/dev/vdb", settings: ThinPoolSettings())
        record.completed = LVMProvisioningStep.Kind.allCases
        record.profileWritten = nil
        #expect(!Self.rendered(record.plan.rollbackActions(for: record)).contains { $0.hasPrefix("remove ") })
    }

    @Test func recordRoundTripsThroughJSON() throws {
        var record = LVMProvisioningRecord(device: "/dev/vdb", settings: Self.custom)
        record.completed = [.physicalVolume, .volumeGroup]
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(LVMProvisioningRecord.self, from: data) == record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"pvcreate\"") && text.contains("\"vgcreate\"") && text.contains("\"formatVersion\":1"))
    }

    static func rendered(_ actions: [LVMProvisioningStep.Action]) -> [String] {
        actions.map(\.description)
    }
}
