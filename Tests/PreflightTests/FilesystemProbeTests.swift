import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

@testable import Preflight

/// The overlay2 probes against real filesystems on this machine: a real overlay mount, and d_type on ext4
/// and xfs loop filesystems. Every mount and loop device is taken down, also when a test fails.
@Suite(.serialized) struct FilesystemProbeTests {
    @Test func overlayTestMountWorksInTheWorktree() async throws {
        let directory = try ScratchPaths.inWorktree("overlay")
        let dataRoot = directory + "/var/lib/docker"
        do {
            let check = await OverlayMountProbe().check(directory: dataRoot)
            #expect(check.id == "overlay.kernel")
            #expect(check.status == .ok, "\(check.finding)")
            // The data root does not exist: its nearest existing parent was used.
            #expect(check.finding.contains(directory))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "the scratch is gone")
            #expect(!MountEntry.anyMount(atOrBelow: directory))
        }
        await ScratchPaths.remove(directory)
    }

    /// A data root on an overlay (Docker in Docker, a container's root): the kernel refuses an overlay upper
    /// directory there, so the real mount fails; the finding carries mount's error and nothing is left behind.
    @Test func overlayOnOverlayIsABlockerAndLeavesNothing() async throws {
        let directory = try ScratchPaths.inWorktree("nested")
        let runner = CommandRunner()
        do {
            for name in ["lower", "upper", "work", "merged"] {
                try FileManager.default.createDirectory(
                    atPath: "\(directory)/\(name)", withIntermediateDirectories: true)
            }
            try await runner.check(
                Command(
                    "mount",
                    [
                        "-t", "overlay", "overlay", "-o",
                        "lowerdir=\(directory)/lower,upperdir=\(directory)/upper,workdir=\(directory)/work",
                        "\(directory)/merged",
                    ]))
            let check = await OverlayMountProbe().check(directory: directory + "/merged/var/lib/docker")
            #expect(check.status == .blocker)
            #expect(check.finding.contains("failed: `mount -t overlay"), "\(check.finding)")
            #expect(check.finding.contains("overlay on overlay"), "\(check.finding)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/merged").isEmpty)
            #expect(try !MountEntry.all().contains { $0.mountPoint.hasPrefix(directory + "/merged/") })
        } catch {
            _ = try? await runner.run(Command("umount", [directory + "/merged"]))
            await ScratchPaths.remove(directory)
            throw error
        }
        _ = try? await runner.run(Command("umount", [directory + "/merged"]))
        await ScratchPaths.remove(directory)
    }

    /// A read-only filesystem: the scratch directory cannot even be made, which is a blocker too.
    @Test func readOnlyDataRootIsABlocker() async throws {
        let tmpfs = try await SmallTmpfs.make(size: "4m")
        do {
            try await CommandRunner().check(Command("mount", ["-o", "remount,ro", tmpfs.directory]))
            let check = await OverlayMountProbe().check(directory: tmpfs.directory)
            #expect(check.status == .blocker)
            #expect(check.finding.contains("could not prepare the test mount"), "\(check.finding)")
            #expect(check.remedy?.contains("overlay") == true)
        } catch {
            await tmpfs.remove()
            throw error
        }
        await tmpfs.remove()
    }

    @Test func ext4LoopFilesystemHasDType() async throws {
        let filesystem = try await LoopFilesystem.make(mkfs: ["mkfs.ext4", "-q"], megabytes: 64)
        do {
            let check = await DTypeProbe().check(directory: filesystem.mountPoint + "/var/lib/docker")
            #expect(check.id == "overlay.d-type")
            #expect(check.status == .ok, "\(check.finding)")
            #expect(check.finding.contains("ext4"))
            let overlay = await OverlayMountProbe().check(directory: filesystem.mountPoint)
            #expect(overlay.status == .ok, "\(overlay.finding)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: filesystem.mountPoint) == ["lost+found"])
        } catch {
            await filesystem.remove()
            throw error
        }
        await filesystem.remove()
        #expect(!filesystem.isMounted)
    }

    /// ext4 made without the filetype feature answers readdir with DT_UNKNOWN, like xfs with ftype=0: the
    /// generic probe must see it.
    @Test func ext4WithoutFileTypeIsABlocker() async throws {
        let filesystem = try await LoopFilesystem.make(mkfs: ["mkfs.ext4", "-q", "-O", "^filetype"], megabytes: 64)
        do {
            let check = await DTypeProbe().check(directory: filesystem.mountPoint)
            #expect(check.status == .blocker, "\(check.finding)")
            #expect(check.finding.contains("DT_UNKNOWN"))
            #expect(check.finding.contains(filesystem.mountPoint))
            #expect(try FileManager.default.contentsOfDirectory(atPath: filesystem.mountPoint) == ["lost+found"])
        } catch {
            await filesystem.remove()
            throw error
        }
        await filesystem.remove()
    }

    @Test func xfsWithFileTypeIsAskedThroughXFSInfo() async throws {
        let filesystem = try await LoopFilesystem.make(mkfs: ["mkfs.xfs", "-q", "-n", "ftype=1"], megabytes: 320)
        // Nothing here throws (#expect records and goes on), so the filesystem always goes.
        let check = await DTypeProbe().check(directory: filesystem.mountPoint + "/docker")
        #expect(check.status == .ok, "\(check.finding)")
        #expect(check.finding.contains("xfs_info reports ftype=1"))
        await filesystem.remove()
    }

    /// This kernel cannot mount an xfs with ftype=0 (it needs the V4 format, and CONFIG_XFS_SUPPORT_V4 is off),
    /// so the check's xfs path is given the filesystem image itself, which xfs_info reads unmounted: the real
    /// tool's real output for ftype=0 must make a blocker.
    @Test func xfsWithoutFileTypeIsABlocker() async throws {
        try ScratchPaths.require("mkfs.xfs", "xfs_info", "truncate")
        let directory = try DriverShiftBinary.temporaryDirectory("preflight-xfs0")
        do {
            let image = directory + "/ftype0.img"
            try await CommandRunner().check(Command("truncate", ["-s", "320M", image]))
            try await CommandRunner().check(Command("mkfs.xfs", ["-q", "-m", "crc=0", "-n", "ftype=0", image]))
            let mount = MountEntry(source: image, mountPoint: image, type: "xfs", options: [])
            let check = await DTypeProbe().check(mount: mount, probeDirectory: directory)
            #expect(check.status == .blocker, "\(check.finding)")
            #expect(check.finding.contains("ftype=0"))
            #expect(check.remedy?.contains("mkfs.xfs -n ftype=1") == true)
        } catch {
            await ScratchPaths.remove(directory)
            throw error
        }
        await ScratchPaths.remove(directory)
    }

    @Test func xfsInfoNamingLineIsParsed() {
        let output = """
            meta-data=/dev/loop3             isize=512    agcount=4, agsize=20480 blks
            naming   =version 2              bsize=4096   ascii-ci=0, ftype=1
            log      =internal log           bsize=4096   blocks=16384, version=2
            """
        #expect(DTypeProbe.parseFileType(xfsInfo: output) == true)
        #expect(DTypeProbe.parseFileType(xfsInfo: output.replacingOccurrences(of: "ftype=1", with: "ftype=0")) == false)
        #expect(DTypeProbe.parseFileType(xfsInfo: "meta-data=/dev/loop3") == nil)
    }
}
