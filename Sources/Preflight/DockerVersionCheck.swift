import Foundation
import HostConfig
import HostSystem

/// `docker.version`: the installed Docker can run the target driver and still read the source one.
/// overlay2 came with 1.12 and is supported in production from 17.06; Docker 25 removed devicemapper, so such
/// a daemon can neither run direct-lvm nor read an old devicemapper pool (only the disk source can export it).
struct DockerVersionCheck: Sendable {
    static let title = "Docker supports the switch"
    var runner = CommandRunner()

    /// The version from the inventory, else from `dockerdPath --version`.
    func check(
        inventoryVersion: String?, versionSource: String?, dockerdPath: String?, sourceDriver: String?,
        target: StorageTarget
    ) async -> PreflightCheck {
        var text = inventoryVersion
        var origin = versionSource ?? "inventory"
        var askError = ""
        if text == nil, let dockerdPath {
            switch await askBinary(dockerdPath) {
            case .success(let version):
                text = version
                origin = "binary \(dockerdPath)"
            case .failure(let error):
                askError = " (\(error))"
            }
        }
        guard let text, let version = DockerVersion(text) else {
            return PreflightCheck(
                id: PreflightCheckID.dockerVersion, title: Self.title, status: .warning,
                finding: text.map { "the Docker version \"\($0)\" (from \(origin)) could not be read" }
                    ?? "the Docker version is unknown: the daemon did not answer and no dockerd binary told it"
                    + askError,
                remedy: "check `dockerd --version` by hand: overlay2 needs 1.12 (17.06+ recommended); "
                    + "devicemapper is gone from 25.0")
        }
        return Self.evaluate(version: version, text: text, origin: origin, sourceDriver: sourceDriver, target: target)
    }

    static func evaluate(
        version: DockerVersion, text: String, origin: String, sourceDriver: String?, target: StorageTarget
    ) -> PreflightCheck {
        let label = "Docker \(text) (from \(origin))"
        let noDeviceMapper = version >= DockerVersion.devicemapperRemoved
        func make(_ status: PreflightCheck.Status, _ finding: String, _ remedy: String?) -> PreflightCheck {
            PreflightCheck(
                id: PreflightCheckID.dockerVersion, title: title, status: status, finding: finding, remedy: remedy)
        }
        switch target {
        case .directLVM where noDeviceMapper:
            return make(
                .blocker, "\(label) has no devicemapper driver (removed in 25.0), so it cannot use a direct-lvm pool",
                "switch to overlay2 instead, or install a Docker before 25.0")
        case .overlay2 where version < DockerVersion.overlay2Introduced:
            return make(
                .blocker, "\(label) predates overlay2 (added in 1.12)",
                "upgrade Docker (17.06 or later) before switching to overlay2")
        default:
            break
        }
        var warnings: [String] = []
        var remedies: [String] = []
        if target == .overlay2 && version < DockerVersion.overlay2Supported {
            warnings.append(
                "overlay2 is supported in production only from Docker 17.06 (Red Hat's 1.13 supports it on "
                    + "RHEL/CentOS 7.4+)")
            remedies.append("upgrade Docker to 17.06 or later, or check that your vendor supports overlay2 on it")
        }
        if sourceDriver == "devicemapper" && noDeviceMapper {
            warnings.append(
                "it has no devicemapper driver (removed in 25.0): the daemon cannot read the old pool, "
                    + "so only the disk source can export the images")
            remedies.append("export with `--source disk` (the default for an unreadable pool)")
        }
        guard warnings.isEmpty else {
            return make(.warning, "\(label): " + warnings.joined(separator: "; "), remedies.joined(separator: "; "))
        }
        var finding = "\(label) runs \(target.driverName)"
        if sourceDriver == "devicemapper" { finding += " and still has the devicemapper driver to read the old pool" }
        return make(.ok, finding, nil)
    }

    /// `dockerd --version` prints "Docker version 20.10.24+dfsg1, build 5d6db84".
    private func askBinary(_ path: String) async -> Result<String, PreflightError> {
        let command = Command(path, ["--version"])
        do {
            let result = try await runner.run(command)
            guard result.succeeded else { return .failure(.failed(result)) }
            guard let range = result.standardOutput.range(of: "version ") else {
                return .failure(
                    .commandFailed(command: command.description, exitCode: 0, output: "no version in its output"))
            }
            let version = result.standardOutput[range.upperBound...].prefix { $0 != "," && !$0.isWhitespace }
            return .success(String(version))
        } catch {
            return .failure(.commandUnavailable(command: command.description, reason: "\(error)"))
        }
    }
}
