import DriverShiftTestSupport
import Foundation
import HostSystem
import Sandbox
import Testing

@testable import HostConfig

/// The layouts users have, end to end: `drivershift switch --dry-run` shows the golden diff and touches nothing;
/// the applied files re-read without conflict, their daemon.json starts a real dockerd 20.10 on overlay2, and a
/// rollback gives back every byte.
@Suite(.serialized) struct SwitchLayoutEndToEndTests {
    struct Layout: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable () throws -> FakeHost
        /// The golden overlay2 diff, where one is kept.
        let golden: String?
        var testDescription: String { name }
    }

    static let layouts: [Layout] = [
        Layout(
            name: "CentOS 7, Red Hat docker 1.13", make: ConfigEditLayouts.redHatDocker113,
            golden: GoldenDiffs.redHatDocker113Overlay2),
        Layout(
            name: "CentOS 7, Docker CE 18.09", make: ConfigEditLayouts.dockerCE1809,
            golden: GoldenDiffs.dockerCE1809Overlay2),
        Layout(
            name: "drop-in with --storage-driver", make: ConfigEditLayouts.storageDropIn,
            golden: GoldenDiffs.storageDropInOverlay2),
        Layout(
            name: "vendor unit with flags", make: ConfigEditLayouts.vendorUnitWithFlags,
            golden: GoldenDiffs.vendorUnitWithFlagsOverlay2),
        Layout(
            name: "Ubuntu /etc/default/docker", make: ConfigEditLayouts.ubuntuInitScript,
            golden: GoldenDiffs.ubuntuInitScriptOverlay2),
        Layout(
            name: "unusual daemon.json", make: ConfigEditLayouts.unusualDaemonJSON,
            golden: GoldenDiffs.unusualDaemonJSONOverlay2),
        Layout(name: "one-line daemon.json", make: ConfigEditLayouts.oneLineDaemonJSONHost, golden: nil),
        Layout(name: "legacy graph", make: ConfigEditLayouts.legacyGraph, golden: GoldenDiffs.legacyGraphOverlay2),
    ]

    @Test(arguments: layouts) func dryRunShowsTheGoldenDiffAndChangesNothing(_ layout: Layout) async throws {
        let host = try layout.make()
        // An empty data root where the layout keeps it, with devicemapper's image store for the one layout that
        // names no driver (dockerd had picked devicemapper itself).
        try host.makeDirectory(try host.read().dataRoot + "/image/devicemapper")
        let before = try TreeSnapshot(host.directory)

        let result = try await DriverShiftBinary.run([
            "switch", "--to", "overlay2", "--dry-run", "--offline", "--host-root", host.directory,
            "--daemon-control", "systemd",
        ])

        #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
        for fileDiff in Self.fileDiffs(layout.golden ?? "") {
            #expect(result.standardOutput.contains(fileDiff), "missing from the dry run:\n\(fileDiff)")
        }
        #expect(try TreeSnapshot(host.directory) == before, "a dry run changes nothing")
    }

    /// Everything but unknown keys the user's daemon.json already had: dockerd 20.10 refuses
    /// `x-vendor-settings` with or without the switch, so that layout is left to the dry run.
    static let startable = layouts.filter { $0.name != "unusual daemon.json" }

    @Test(arguments: startable) func appliedConfigStartsDockerdAndRollsBackByteForByte(_ layout: Layout) async throws {
        let host = try layout.make()
        let original = try TreeSnapshot(host.directory)
        let plan = try ConfigEditPlanner.plan(configuration: try host.read(), hostRoot: host.root, target: .overlay2)
        #expect(plan.unresolved.isEmpty)

        let validator = try await DockerdValidator.detect()
        let applied = try await HostFileEditor().apply(plan.edits, hostRoot: host.root) { edit, temporaryPath in
            if edit.path.hasSuffix(".json") { try await validator.validate(edit, temporaryPath: temporaryPath) }
        }
        let written = try host.read()
        #expect(written.conflicts.isEmpty)
        #expect(written.storageDriver == "overlay2")
        #expect(written.storageDriverSource?.kind == .daemonJSON)
        #expect(written.problems.filter { $0.severity == .error }.isEmpty, "\(written.problems)")

        let daemonJSON = try String(contentsOfFile: host.root.resolve(written.configFile), encoding: .utf8)
        try await Self.startRealDockerd(with: daemonJSON, expectingDriver: "overlay2")

        let warnings = try HostFileEditor().rollback(applied, hostRoot: host.root)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(try TreeSnapshot(host.directory, ignoringBackups: true) == original, "rollback gives back every byte")
        DriverShiftBinary.recordEvidence("real-dockerd-switch-layouts")
    }

    /// The written daemon.json in a sandbox: its host paths (data root, sockets, pid file) are the sandbox's own
    /// flags, so those keys are taken out; every other key is dockerd's to accept or refuse.
    static func startRealDockerd(with daemonJSON: String, expectingDriver driver: String) async throws {
        guard var object = try JSONSerialization.jsonObject(with: Data(daemonJSON.utf8)) as? [String: Any] else {
            throw TestFailure("the written daemon.json is not an object:\n\(daemonJSON)")
        }
        for key in ["data-root", "graph", "hosts", "pidfile", "exec-root"] { object.removeValue(forKey: key) }
        let sandbox = try await DockerSandbox.start(driver: "vfs")
        do {
            try await sandbox.stop()
            try JSONSerialization.data(withJSONObject: object).write(
                to: URL(fileURLWithPath: sandbox.layout.configFile))
            try await sandbox.startDaemon()
            let info = try await sandbox.docker(["info", "--format", "{{.Driver}}"])
            #expect(info.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == driver)
        } catch {
            try? await sandbox.remove()
            throw error
        }
        try await sandbox.remove()
    }

    /// A golden diff cut into its files' diffs, each of which the dry run must print whole.
    static func fileDiffs(_ diff: String) -> [String] {
        var pieces: [String] = []
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("--- ") || pieces.isEmpty { pieces.append("") }
            pieces[pieces.count - 1] += line + "\n"
        }
        return pieces.map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
    }
}

/// Every file under a directory with its bytes, mode and owner: equal snapshots mean an untouched tree.
struct TreeSnapshot: Equatable {
    var files: [String: String]

    init(_ directory: String, ignoringBackups: Bool = false) throws {
        files = [:]
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        while let name = walker.nextObject() as? String {
            if ignoringBackups && name.contains(".drivershift-") && name.hasSuffix(".bak") { continue }
            let path = directory + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            var entry = "\(attributes[.posixPermissions] ?? "") \(attributes[.ownerAccountID] ?? "")"
            if attributes[.type] as? FileAttributeType == .typeRegular {
                entry += " " + SHA256Digest.hex(of: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            }
            files[name] = entry
        }
    }
}
