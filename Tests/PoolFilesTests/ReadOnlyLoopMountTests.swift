import DriverShiftTestSupport
import Foundation
import HostSystem
import PoolFiles
import Testing

@Suite(.serialized) struct ReadOnlyLoopMountTests {
    @Test func optionsNeverWrite() throws {
        #expect(try ReadOnlyLoopMount.mountOptions(for: "xfs", image: "i") == ["ro", "nouuid", "norecovery"])
        #expect(try ReadOnlyLoopMount.mountOptions(for: "ext4", image: "i") == ["ro", "noload"])
        #expect(throws: PoolFilesError.self) { try ReadOnlyLoopMount.mountOptions(for: "btrfs", image: "i") }
        #expect(
            ReadOnlyLoopMount.attachCommand(image: "/s/x.img").argv == [
                "losetup", "--read-only", "--find", "--show", "/s/x.img",
            ])
    }

    @Test func theMountIsReadOnlyAndGoneAfterwardsEvenWhenTheBodyThrows() async throws {
        try await Scratch.with("mount") { directory in
            let image = "\(directory)/fs.img"
            try await FilesystemImage.make(image, filesystem: "ext4")
            var content = LayerContent()
            content.files["hello"] = Array("hi\n".utf8)
            try await FilesystemImage.withMounted(image) { try content.write(into: $0, id: "x") }
            await #expect(throws: TestFailure.self) {
                try await ReadOnlyLoopMount().withMounted(image: image, filesystem: "ext4", scratchDirectory: directory)
                {
                    mountPoint in
                    #expect(try LayerContent.manifest(of: mountPoint + "/rootfs") == content.expectedManifest)
                    #expect(!FileManager.default.createFile(atPath: mountPoint + "/rootfs/new", contents: Data()))
                    // Mounted in the holder's private namespace, read through /proc/<pid>/root: a read-only
                    // filesystem of its own there, never a mount in ours.
                    var mounted = statvfs()
                    var parent = statvfs()
                    #expect(statvfs(mountPoint, &mounted) == 0 && statvfs(directory, &parent) == 0)
                    #expect(mounted.f_flag & UInt(ST_RDONLY) != 0, "mounted read-only")
                    #expect(mounted.f_fsid != parent.f_fsid, "a filesystem of its own, not the scratch directory")
                    #expect(mountPoint.hasPrefix("/proc/"), "seen through the holder: \(mountPoint)")
                    #expect(MountEntry.mountPoints(under: directory).isEmpty, "visible in the host's namespace")
                    throw TestFailure("the body fails")
                }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["fs.img"])
        }
    }

    @Test func cancellationUnmountsAndDetaches() async throws {
        try await Scratch.with("cancel") { directory in
            let image = "\(directory)/fs.img"
            try await FilesystemImage.make(image, filesystem: "ext4")
            let task = Task {
                try await ReadOnlyLoopMount().withMounted(image: image, filesystem: "ext4", scratchDirectory: directory)
                {
                    _ in try await Task.sleep(for: .seconds(120))
                }
            }
            var mounted = false
            for _ in 0..<100 where !mounted {
                try await Task.sleep(for: .milliseconds(100))
                mounted = !ActiveLoopMounts.mountPoints.filter { $0.hasPrefix(directory + "/") }.isEmpty
            }
            #expect(mounted, "the image was never mounted")
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test func aFailedMountSaysSoAndLeavesNothing() async throws {
        try await Scratch.with("badmount") { directory in
            let image = "\(directory)/zeros.img"
            try await CommandRunner().check(Command("truncate", ["-s", "64M", image]))
            await #expect {
                try await ReadOnlyLoopMount().withMounted(image: image, filesystem: "ext4", scratchDirectory: directory)
                {
                    _ in Issue.record("the body ran on an image that cannot be mounted")
                }
            } throws: { error in
                guard case PoolFilesError.mountFailed(image, let loop, "ext4", _) = error else { return false }
                return loop.hasPrefix("/dev/loop")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["zeros.img"])
        }
    }

    /// What an interrupted run does on its way out: everything still mounted under a directory is taken down,
    /// and the `withMounted` that made it does not take it down a second time.
    @Test func releaseAllTakesDownWhatIsHeldExactlyOnce() async throws {
        try await Scratch.with("release") { directory in
            let image = "\(directory)/fs.img"
            try await FilesystemImage.make(image, filesystem: "ext4")
            let task = Task {
                try await ReadOnlyLoopMount().withMounted(image: image, filesystem: "ext4", scratchDirectory: directory)
                {
                    _ in try await Task.sleep(for: .seconds(120))
                }
            }
            var held: [String] = []
            for _ in 0..<100 where held.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                held = ActiveLoopMounts.mountPoints.filter { $0.hasPrefix(directory + "/") }
            }
            #expect(held.count == 1 && MountEntry.mountPoints(under: directory).isEmpty)
            #expect(await ActiveLoopMounts.releaseAll(under: directory).isEmpty)
            #expect(MountEntry.mountPoints(under: directory).isEmpty)
            #expect(await Scratch.loopDevices(under: directory).isEmpty)
            #expect(ActiveLoopMounts.mountPoints.filter { $0.hasPrefix(directory + "/") }.isEmpty)
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }
}
