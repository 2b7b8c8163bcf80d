import DirectLVM
import DriverShiftTestSupport
import Foundation
import HostSystem

extension DirectLVMChecksTests {
    /// A loop device over a sparse file in a scratch directory, for one test. `with` always tears down what a
    /// test may have built on it (mounts, swap, VGs, PVs, lvm's metadata archives), detaches it, removes the
    /// file, and then fails if any of it is still there.
    struct LoopDevice: Sendable {
        static let scratchPrefix = "/tmp/drivershift-lvmloop-"

        /// `/dev/loopN`.
        let path: String
        let backingFile: String
        let directory: String

        var name: String { (path as NSString).lastPathComponent }

        /// A VG name no other test or host uses.
        static func uniqueGroupName() -> String { "drivershifttest\(UInt32.random(in: 0...UInt32.max))" }

        static func with<T: Sendable>(
            sizeBytes: UInt64, partitioned: Bool = false, readOnly: Bool = false,
            _ body: (LoopDevice) async throws -> T
        ) async throws -> T {
            let directory = try DriverShiftBinary.temporaryDirectory("lvmloop")
            let file = "\(directory)/disk.img"
            let attached: String
            do {
                try makeSparseFile(file, sizeBytes: sizeBytes, partitioned: partitioned)
                let arguments = ["-f", "--show"] + (partitioned ? ["-P"] : []) + (readOnly ? ["-r"] : []) + [file]
                attached = try await check("losetup", arguments).standardOutput
            } catch {
                try? FileManager.default.removeItem(atPath: directory)
                throw error
            }
            let loop = LoopDevice(
                path: attached.trimmingCharacters(in: .whitespacesAndNewlines), backingFile: file, directory: directory)
            let result: Result<T, any Error>
            do {
                // A kernel without the MBR parser (this one) ignores -P; partx adds the partitions itself.
                if partitioned && loop.partitionPaths().isEmpty {
                    try await check("partx", ["--add", loop.path])
                }
                result = .success(try await body(loop))
            } catch {
                result = .failure(error)
            }
            try await loop.tearDown()
            // For .ci/run: the direct-lvm refusals really ran on loop devices.
            DriverShiftBinary.recordEvidence("real-loop-direct-lvm")
            return try result.get()
        }

        /// Runs a command that must succeed (lvm's file-descriptor noise suppressed).
        @discardableResult
        func run(_ executable: String, _ arguments: [String]) async throws -> CommandResult {
            try await Self.check(executable, arguments)
        }

        /// Mounts the device on a directory in the scratch directory and returns that directory.
        func mount() async throws -> String {
            let point = "\(directory)/mnt"
            try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
            try await run("mount", [path, point])
            return point
        }

        /// The PVs lvm sees on this device or its partitions, as "pv vg" (or "pv" for a PV in no group).
        func physicalVolumes() async throws -> [String] {
            let devices = [path] + partitionPaths()
            return try await LVMQuery().physicalVolumes(on: devices).volumes
                .filter { devices.contains($0.name) }
                .map { $0.name + ($0.volumeGroup.map { " \($0)" } ?? "") }
        }

        private func tearDown() async throws {
            let devices = Set([path] + partitionPaths())
            let mountInfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
            for entry in MountTable.parseMountInfo(mountInfo).reversed() where devices.contains(entry.source) {
                _ = try? await Self.check("umount", [entry.mountPoint])
            }
            let swaps = MountTable.parseSwaps((try? String(contentsOfFile: "/proc/swaps", encoding: .utf8)) ?? "")
            for swap in swaps where devices.contains(swap) {
                _ = try? await Self.check("swapoff", [swap])
            }
            let volumes = (try? await LVMQuery().physicalVolumes(on: Array(devices)).volumes) ?? []
            let groups = Set(volumes.filter { devices.contains($0.name) }.compactMap(\.volumeGroup))
            for group in groups {
                _ = try? await Self.check("vgremove", ["-f", "-q", group])
                Self.removeArchives(of: group)
            }
            for volume in volumes where devices.contains(volume.name) {
                _ = try? await Self.check("pvremove", ["-ff", "-y", "-q", volume.name])
            }
            let survivors = (try? await physicalVolumes()) ?? ["(lvm could not be asked)"]
            let groupsLeft = groups.intersection((try? await LVMQuery().volumeGroupNames()) ?? [])
            if !partitionPaths().isEmpty { _ = try? await Self.check("partx", ["--delete", path]) }
            // An lvm scan in a parallel test may hold the device open for a moment: detaching is retried.
            for _ in 0..<10 {
                if (try? await Self.check("losetup", ["-d", path])) != nil { break }
                try? await Task.sleep(for: .milliseconds(200))
            }
            try? FileManager.default.removeItem(atPath: directory)

            let attached = try await Self.check("losetup", ["-a"]).standardOutput
            if attached.contains(backingFile) { throw TestFailure("\(path) is still attached:\n\(attached)") }
            if !survivors.isEmpty || !groupsLeft.isEmpty {
                throw TestFailure("teardown left PVs \(survivors) and VGs \(groupsLeft.sorted()) on \(path)")
            }
        }

        private func partitionPaths() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/block/\(name)")) ?? [])
                .filter { $0.hasPrefix(name + "p") }.map { "/dev/\($0)" }
        }

        /// vgcreate and vgremove leave copies of the VG's metadata in /etc/lvm; a test VG's go with it.
        private static func removeArchives(of group: String) {
            for directory in ["/etc/lvm/archive", "/etc/lvm/backup"] {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                for name in names where name == group || name.hasPrefix(group + "_") {
                    try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
                }
            }
        }

        @discardableResult
        private static func check(_ executable: String, _ arguments: [String]) async throws -> CommandResult {
            guard CommandRunner.which(executable) != nil else {
                throw TestFailure(
                    "\(executable) is not installed; the loop-device tests need it (run scripts/setup.sh)")
            }
            return try await CommandRunner().check(Command(executable, arguments), environment: LVMQuery.environment)
        }

        /// A sparse file; `partitioned` writes an MBR with one Linux partition from sector 2048 to the end (no
        /// sfdisk needed).
        private static func makeSparseFile(_ path: String, sizeBytes: UInt64, partitioned: Bool) throws {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else { throw TestFailure("cannot create \(path)") }
            defer { try? handle.close() }
            try handle.truncate(atOffset: sizeBytes)
            guard partitioned else { return }
            let start: UInt32 = 2048
            let count = UInt32(sizeBytes / 512) - start
            var entry = [UInt8](repeating: 0, count: 16)
            entry[4] = 0x83  // Linux
            withUnsafeBytes(of: start.littleEndian) { entry.replaceSubrange(8..<12, with: $0) }
            withUnsafeBytes(of: count.littleEndian) { entry.replaceSubrange(12..<16, with: $0) }
            try handle.seek(toOffset: 446)
            try handle.write(contentsOf: Data(entry))
            try handle.seek(toOffset: 510)
            try handle.write(contentsOf: Data([0x55, 0xAA]))
        }
    }
}
