import Foundation
import HostSystem
import Testing

@testable import ThinPool

#if canImport(Glibc)
    import Glibc
#endif

extension ThinPoolTests {
    @Suite("Docker's pool name")
    struct DockerPoolNameTests {
        @Test("loop-lvm: docker-<major>:<minor>-<inode>-pool, as in the VM's pool")
        func loopLVMFromNumbers() {
            #expect(DockerPoolName.loopLVM(device: 254 << 8, inode: 131_098) == "docker-254:0-131098-pool")
            #expect(
                DockerPoolName.loopLVM(deviceMajor: 254, deviceMinor: 0, inode: 131_098) == "docker-254:0-131098-pool")
            // glibc's makedev(259, 300): minor above 255 goes to bits 20 and up.
            let device: UInt64 = (300 & 0xff) | (259 << 8) | ((300 & ~0xff) << 12)
            #expect(DockerPoolName.loopLVM(device: device, inode: 7) == "docker-259:300-7-pool")
        }

        @Test("loop-lvm: from stat of <data-root>/devicemapper, following a symbolic link as dockerd does")
        func loopLVMFromDataRoot() throws {
            let root = try TemporaryDirectory()
            let devicemapper = root.path + "/devicemapper"
            #expect(mkdir(devicemapper, 0o700) == 0)
            var info = stat()
            #expect(lstat(devicemapper, &info) == 0)
            // glibc's major()/minor() (macros Swift does not import).
            let device = UInt64(info.st_dev)
            let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
            let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
            let expected = "docker-\(major):\(minor)-\(info.st_ino)-pool"
            #expect(try DockerPoolName.loopLVM(dataRoot: root.path) == expected)
            #expect(try DockerPoolName.loopLVM(dataRoot: "/", host: HostRoot(root.path)) == expected)

            let linked = try TemporaryDirectory()
            #expect(symlink(devicemapper, linked.path + "/devicemapper") == 0)
            #expect(try DockerPoolName.loopLVM(dataRoot: linked.path) == expected)
        }

        @Test("loop-lvm: a data root without devicemapper/ says so")
        func missingDirectory() throws {
            let root = try TemporaryDirectory()
            let error = try #require(throws: ThinPoolError.self) { try DockerPoolName.loopLVM(dataRoot: root.path) }
            #expect(error == .devicemapperDirectoryMissing(path: root.path + "/devicemapper"))
            #expect(error.description.contains("no devicemapper pool"))

            #expect(FileManager.default.createFile(atPath: root.path + "/devicemapper", contents: Data()))
            let notDirectory = try #require(throws: ThinPoolError.self) {
                try DockerPoolName.loopLVM(dataRoot: root.path)
            }
            let expected = ThinPoolError.devicemapperDirectoryUnreadable(
                path: root.path + "/devicemapper", reason: "it is not a directory")
            #expect(notDirectory == expected)
        }

        @Test("dm.thinpooldev: /dev/mapper/ is stripped, as dockerd strips it")
        func thinPoolDevice() throws {
            #expect(try DockerPoolName.thinPoolDevice("/dev/mapper/docker-thinpool") == "docker-thinpool")
            #expect(try DockerPoolName.thinPoolDevice("docker-thinpool") == "docker-thinpool")
            #expect(try DockerPoolName.thinPoolDevice(" /dev/mapper/docker-thinpool ") == "docker-thinpool")
            for bad in ["", "/dev/mapper/", "/dev/docker/thinpool", String(repeating: "x", count: 128)] {
                let error = try #require(throws: ThinPoolError.self) { try DockerPoolName.thinPoolDevice(bad) }
                guard case .invalidThinPoolDevice(let value, _) = error else {
                    Issue.record("expected .invalidThinPoolDevice for \(bad), got \(error)")
                    continue
                }
                #expect(value == bad)
            }
        }

        @Test("storage options: the last dm.thinpooldev wins, keys in any case, none means loop-lvm")
        func resolve() throws {
            let root = try TemporaryDirectory()
            #expect(mkdir(root.path + "/devicemapper", 0o700) == 0)
            let loop = try DockerPoolName.loopLVM(dataRoot: root.path)
            #expect(
                try DockerPoolName.resolve(
                    dataRoot: root.path,
                    storageOptions: ["dm.thinpooldev=/dev/mapper/docker-thinpool", "dm.use_deferred_removal=true"])
                    == "docker-thinpool")
            #expect(
                try DockerPoolName.resolve(
                    dataRoot: root.path, storageOptions: ["DM.ThinPoolDev = /dev/mapper/old", "dm.thinpooldev=new"])
                    == "new")
            #expect(try DockerPoolName.resolve(dataRoot: root.path, storageOptions: ["dm.basesize=20G"]) == loop)
            #expect(try DockerPoolName.resolve(dataRoot: root.path, storageOptions: ["dm.thinpooldev="]) == loop)
        }
    }
}
