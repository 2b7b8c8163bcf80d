import DriverShiftTestSupport
import Foundation
import HostConfig
import HostSystem
import Inventory
import Testing

@testable import Preflight

/// Free space against the inventory's figures, on real filesystems: a 1 MB tmpfs cannot take a 50 MB export.
@Suite(.serialized) struct SpaceCheckTests {
    static let exportBytes: UInt64 = 50_000_000

    private func requirement(layerBytes: UInt64 = 80_000_000) -> SpaceRequirement {
        SpaceRequirement(
            inventory: PreflightFixtures.inventory(exportBytes: Self.exportBytes, layerBytes: layerBytes))
    }

    @Test func smallTmpfsAsExportDirectoryIsABlockerWithBothFigures() async throws {
        let tmpfs = try await SmallTmpfs.make(size: "1m")
        // Nothing below throws (#expect records and goes on), so the tmpfs is always removed.
        let check = SpaceChecks(requirement: requirement(), imageCount: 3)
            .exportCheck(exportDirectory: tmpfs.directory + "/store")
        await tmpfs.remove()
        #expect(check.id == "space.export")
        #expect(check.status == .blocker)
        // 1 MiB of tmpfs, and 50 MB + the 16 MiB margin.
        #expect(check.finding.contains("has 1.05 MB free"), "\(check.finding)")
        #expect(check.finding.contains("the export of 3 images needs 66.8 MB"), "\(check.finding)")
        #expect(check.finding.contains("tmpfs at \(tmpfs.directory)"))
        #expect(check.remedy?.contains("free 65.7 MB there") == true, "\(check.remedy ?? "")")
    }

    @Test func roomyExportDirectoryIsOK() throws {
        let directory = try DriverShiftBinary.temporaryDirectory("preflight-export")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let check = SpaceChecks(requirement: requirement(), imageCount: 1).exportCheck(exportDirectory: directory)
        #expect(check.status == .ok, "\(check.finding)")
        #expect(check.finding.contains("the export of 1 image needs 66.8 MB"))
    }

    @Test func noExportDirectoryIsAWarningSayingHowMuchIsNeeded() {
        let check = SpaceChecks(requirement: requirement(), imageCount: 2).exportCheck(exportDirectory: nil)
        #expect(check.status == .warning)
        #expect(check.remedy == "choose an export directory on a filesystem with at least 66.8 MB free")
        let empty = SpaceChecks(requirement: SpaceRequirement(inventory: PreflightFixtures.inventory()), imageCount: 0)
        #expect(empty.exportCheck(exportDirectory: nil).status == .ok)
    }

    /// The data root on a 64 MB tmpfs: 80 MB of layers (+10%) and 50 MB of load staging do not fit; for
    /// direct-lvm only the staging lands there and the layers go to the pool.
    @Test func dataRootOnSmallFilesystemIsABlockerForOverlay2() async throws {
        let tmpfs = try await SmallTmpfs.make(size: "64m")
        let hostRoot = HostRoot(tmpfs.directory)
        let checks = SpaceChecks(requirement: requirement(), imageCount: 3)
        let pool = StorageTarget.directLVM(thinPoolDevice: "/dev/mapper/docker-thinpool")
        let overlay = checks.targetCheck(
            dataRoot: "/var/lib/docker", hostRoot: hostRoot, target: .overlay2, exportDirectory: nil)
        let direct = checks.targetCheck(
            dataRoot: "/var/lib/docker", hostRoot: hostRoot, target: pool, exportDirectory: nil)
        // The export on the same filesystem counts too.
        let sharing = checks.targetCheck(
            dataRoot: "/var/lib/docker", hostRoot: hostRoot, target: pool, exportDirectory: tmpfs.directory + "/export")
        await tmpfs.remove()

        #expect(overlay.id == "space.target")
        #expect(overlay.status == .blocker, "\(overlay.finding)")
        #expect(overlay.finding.contains("has 67.1 MB free; the switch needs 155 MB"), "\(overlay.finding)")
        #expect(overlay.finding.contains("88.0 MB of unpacked layers"))
        #expect(direct.status == .ok, "\(direct.finding)")
        #expect(direct.finding.contains("the layers themselves go to the thin pool /dev/mapper/docker-thinpool"))
        #expect(sharing.status == .blocker, "\(sharing.finding)")
        #expect(sharing.finding.contains("for the export, on the same filesystem"))
    }

    @Test func requirementComesFromTheInventoryFigures() throws {
        let images = [
            try PreflightFixtures.image(tag: "a:1", idHex: "a", layers: [("1", 1000, "c1"), ("2", nil, "c2")]),
            try PreflightFixtures.image(tag: nil, idHex: "b", layers: [("1", 1000, "c1"), ("3", nil, "c3")]),
        ]
        let inventory = PreflightFixtures.inventory(
            images: images, containers: [PreflightFixtures.container("web", state: "exited", writableBytes: 500)],
            exportBytes: 3000, layerBytes: 10_000)
        let requirement = SpaceRequirement(inventory: inventory)
        #expect(requirement.layersOfUnknownSize == 2, "layer 1 is shared and counted once")
        #expect(requirement.containerBytes == 500)
        #expect(requirement.unpackedLayerBytes == 11_550)
        #expect(requirement.exportDirectoryBytes == 3000 + SpaceRequirement.marginBytes)
        #expect(requirement.thinPoolBytes == 11_550 + SpaceRequirement.marginBytes)
    }
}
