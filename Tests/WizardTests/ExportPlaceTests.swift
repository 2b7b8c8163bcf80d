import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

@testable import Wizard

/// Where the export may go: a full path, outside Docker's data root, a directory, with room for it; measured
/// under the host root, as every host path is.
struct ExportPlaceTests {
    @Test func refusalsSayWhy() throws {
        let root = try DriverShiftBinary.temporaryDirectory("wizard-export-place")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hostRoot = HostRoot(root)
        #expect(FileManager.default.createFile(atPath: root + "/a-file", contents: Data("x".utf8)))

        func judge(_ path: String, need: UInt64 = 1) -> ExportPlace {
            ExportPlace.judge(path, hostRoot: hostRoot, dataRoot: "/var/lib/docker", neededBytes: need)
        }
        #expect(judge("export").refusal?.hasPrefix("give a full path starting with /") == true)
        #expect(judge("/var/lib/docker/export").refusal?.hasPrefix("it is inside Docker's data root") == true)
        #expect(judge("/var/lib/docker/../docker/x").refusal?.hasPrefix("it is inside Docker's data root") == true)
        #expect(judge("/var/lib/docker-export").refusal == nil, "a sibling of the data root is fine")
        #expect(judge("/a-file").refusal == "/a-file exists and is not a directory")
        let huge = judge("/srv/export", need: UInt64.max)
        #expect(huge.refusal?.contains("free and the export needs") == true)
        #expect(huge.freeBytes != nil)
    }

    @Test func aPlaceWithRoomIsAcceptedWithItsFigures() throws {
        let root = try DriverShiftBinary.temporaryDirectory("wizard-export-place")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let place = ExportPlace.judge(
            "/srv/not/yet/there", hostRoot: HostRoot(root), dataRoot: "/var/lib/docker", neededBytes: 1_000)
        #expect(place.refusal == nil)
        let free = try #require(place.freeBytes)
        #expect(free > 1_000)
        #expect(place.summary.hasSuffix("free, 1.00 kB needed"))
    }

    @Test func sharingTheLoopPoolsFilesystemIsANote() throws {
        let root = try DriverShiftBinary.temporaryDirectory("wizard-export-place")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let place = ExportPlace.judge(
            "/srv/export", hostRoot: HostRoot(root), dataRoot: "/var/lib/docker", neededBytes: 1,
            poolDataFile: "/var/lib/docker/devicemapper/devicemapper/data")
        #expect(place.refusal == nil)
        #expect(place.note?.hasPrefix("it shares a filesystem with the pool's data file") == true)
    }
}
