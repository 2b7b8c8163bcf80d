import ContainerCarry
import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox

/// A vfs sandbox for the wizard, with or without the sample estate, a scratch directory for plans and the
/// tmux script, and the host options that drive it (as MigrationTests' sandbox passes them).
struct WizardSandbox {
    let sandbox: DockerSandbox
    let samples: SampleImageSet?
    /// Scratch: plans, the tmux script; outside the host root.
    let work: String

    var directory: String { sandbox.directory }
    var daemonJSONPath: String { sandbox.layout.configFile }

    /// Runs `body` on a fresh sandbox and always removes it and the scratch directory, also when `body` throws.
    static func with(samples: Bool, _ body: (WizardSandbox) async throws -> Void) async throws {
        let sandbox = try await DockerSandbox.start(driver: "vfs")
        let host: WizardSandbox
        do {
            host = WizardSandbox(
                sandbox: sandbox, samples: samples ? try await SampleImages.build(in: sandbox) : nil,
                work: try DriverShiftBinary.temporaryDirectory("wizard-work"))
        } catch {
            try? await sandbox.remove()
            throw error
        }
        do {
            try await body(host)
        } catch {
            try? await sandbox.remove()
            try? FileManager.default.removeItem(atPath: host.work)
            throw error
        }
        try await sandbox.remove()
        try FileManager.default.removeItem(atPath: host.work)
    }

    /// `--host-root`, `-H` and the `--daemon-control command` pair that drive this sandbox.
    func hostArguments() throws -> [String] {
        let tool = try SandboxBinary.path()
        return [
            "--host-root", directory, "-H", sandbox.hostURL, "--daemon-control", "command",
            "--daemon-start", "\(tool) start --dir \(directory)", "--daemon-stop", "\(tool) stop --dir \(directory)",
            "--daemon-log", "/var/log/dockerd.log",
        ]
    }

    /// The wizard in a real terminal (tmux), on this sandbox.
    func startWizard(
        _ extra: [String] = [], columns: Int = 100, rows: Int = 30, environment: [String: String] = [:],
        teeTo: String? = nil
    ) async throws -> TmuxSession {
        try await TmuxSession.start(
            [try DriverShiftBinary.path(), "wizard"] + (try hostArguments()) + extra, in: work, columns: columns,
            rows: rows, environment: environment, teeTo: teeTo)
    }

    func daemonJSON() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: daemonJSONPath)) }

    func liveDriver() async throws -> String {
        try await sandbox.docker(["info", "--format", "{{.Driver}}"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// drivershift's state directory under the host root (runs, journals, reports).
    var stateDirectory: String { directory + "/var/lib/drivershift" }

    /// The journals of every run under the host root.
    func journals() -> [String] {
        let runs = stateDirectory + "/runs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return names.map { runs + "/" + $0 + "/journal.jsonl" }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    func state() async throws -> WizardHostState { try await WizardHostState.capture(self) }

    /// An image with one layer of `megabytes` of random bytes: an export that lasts long enough to be
    /// interrupted in the middle.
    func addBulkyImage(megabytes: Int) async throws {
        let root = work + "/bulky"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let runner = CommandRunner()
        try await runner.check(
            Command("dd", ["if=/dev/urandom", "of=\(root)/payload", "bs=1M", "count=\(megabytes)", "status=none"]))
        try await runner.check(Command("tar", ["-C", root, "-cf", work + "/bulky.tar", "payload"]))
        defer { try? FileManager.default.removeItem(atPath: work + "/bulky.tar") }
        try await sandbox.docker(["import", work + "/bulky.tar", "drivershift-test/bulky:1"])
    }
}

/// What a migration must keep: images with their tags, containers, the volume's bytes, and the driver.
struct WizardHostState: Equatable, CustomStringConvertible {
    var driver: String
    /// "ID repo:tag"; a committed image's ID is masked (it carries the time of the commit).
    var images: [String]
    /// "name image state", stopped and created counted alike.
    var containers: [String]
    var volumeDigest: String?

    static func capture(_ host: WizardSandbox) async throws -> WizardHostState {
        let sandbox = host.sandbox
        let images = try await sandbox.docker(
            ["image", "ls", "--all", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}"]
        ).standardOutput
        let containers = try await sandbox.docker(["ps", "--all", "--format", "{{.Names}} {{.Image}} {{.State}}"])
            .standardOutput
        let volume = host.samples.map { sandbox.dataRoot + "/volumes/" + $0.volumeName + "/_data" }
        return WizardHostState(
            driver: try await host.liveDriver(),
            images: lines(images).map { line in
                line.contains(" drivershift/committed:") ? "<commit> " + line.split(separator: " ")[1] : line
            }.sorted(),
            containers: lines(containers).map { line in
                line.hasSuffix(" running")
                    ? line : line.split(separator: " ").dropLast().joined(separator: " ") + " stopped"
            }.sorted(),
            volumeDigest: try volume.map { try VolumeDigest.compute(path: $0) })
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).sorted() }

    var description: String {
        "driver \(driver)\nimages:\n  " + images.joined(separator: "\n  ") + "\ncontainers:\n  "
            + containers.joined(separator: "\n  ") + "\nvolume \(volumeDigest ?? "-")"
    }

    /// The same host after a migration to overlay2 with the recreate policy: the dirty container's writable
    /// layer committed and the container recreated on it.
    func migrated(dirtyContainer: String) -> WizardHostState {
        var after = self
        after.driver = "overlay2"
        after.images.append("<commit> drivershift/committed:\(dirtyContainer)")
        after.images.sort()
        after.containers = containers.map { line in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.first == dirtyContainer, parts.count == 3 else { return line }
            return "\(parts[0]) drivershift/committed:\(dirtyContainer) \(parts[2])"
        }.sorted()
        return after
    }
}
