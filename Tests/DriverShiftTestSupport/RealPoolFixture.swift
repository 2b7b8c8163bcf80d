import Foundation
import HostSystem

/// The real Docker 20.10 loop-lvm data root made in the VM (Tests/Fixtures/real-pool, vm/make-real-pool-fixture.sh),
/// for the suites that export or inventory it.
public enum RealPoolFixture {
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/real-pool").standardizedFileURL.path

    /// The fixture's data root, unpacked (sparse) as `<scratch>/host/var/lib/docker`; returns the host root.
    /// Missing tools or a missing archive fail loudly, naming what to install or remake.
    public static func unpack(into scratch: String) async throws -> String {
        let archive = directory + "/docker-root.tar.zst"
        guard FileManager.default.fileExists(atPath: archive) else {
            throw TestFailure(
                "the real-pool fixture is missing: \(archive) (remake it with vm/make-real-pool-fixture.sh)")
        }
        for tool in ["zstd", "thin_check", "thin_dump", "losetup"] where CommandRunner.which(tool) == nil {
            throw TestFailure("\(tool) is missing: run scripts/setup.sh (zstd, thin-provisioning-tools, util-linux)")
        }
        let dataRoot = "\(scratch)/host/var/lib/docker"
        try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        let unpack = try await CommandRunner().run(
            Command("tar", ["--zstd", "--sparse", "-x", "-f", archive, "-C", dataRoot]))
        guard unpack.succeeded else { throw TestFailure("unpacking \(archive): \(unpack.standardError)") }
        return "\(scratch)/host"
    }
}
