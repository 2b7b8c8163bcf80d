import DriverShiftTestSupport
import Foundation
import HostConfig
import HostSystem
import Testing

/// `drivershift switch` against a real dockerd 20.10 sandbox: dry run, apply, rollback, automatic rollback.
@Suite(.serialized) struct SwitchSandboxTests {
    @Test func dryRunShowsTheDiffAndChangesNothing() async throws {
        try await SwitchSandbox.with { host in
            let before = try host.daemonJSONBytes()

            let result = try await DriverShiftBinary.run(try host.switchArguments(["--to", "overlay2", "--dry-run"]))

            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("-{\"storage-driver\": \"vfs\"}"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("+{\"storage-driver\": \"overlay2\"}"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("drivershift-sandbox stop --dir"), "the commands are listed")
            #expect(result.standardError.contains("dry run: nothing was changed"))
            #expect(try host.daemonJSONBytes() == before)
            #expect(try await host.liveDriver() == "vfs")
        }
    }

    @Test func applyThenRollbackRestoresEveryByte() async throws {
        try await SwitchSandbox.with { host in
            let before = try host.daemonJSONBytes()

            let applied = try await DriverShiftBinary.run(try host.switchArguments(["--to", "overlay2", "--yes"]))
            #expect(applied.exitCode == 2, "exit 2 means changed: \(applied.standardError)\n\(applied.standardOutput)")
            #expect(try await host.liveDriver() == "overlay2")
            let configuration = try DockerConfigurationReader.read(hostRoot: host.sandbox.hostRoot)
            #expect(configuration.conflicts.isEmpty)
            #expect(configuration.storageDriver == "overlay2")
            let backups = try FileManager.default.contentsOfDirectory(atPath: host.directory + "/etc/docker")
                .filter { $0.hasPrefix("daemon.json.") && $0.hasSuffix(".bak") }
            #expect(backups.count == 1, "one backup next to daemon.json: \(backups)")
            if let backup = backups.first {
                #expect(try Data(contentsOf: URL(fileURLWithPath: host.directory + "/etc/docker/" + backup)) == before)
            }
            // The image lives in vfs's store: overlay2 does not see it, and nothing deleted it.
            let images = try await host.sandbox.docker(["images", "-q"]).standardOutput
            #expect(images.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)

            let again = try await DriverShiftBinary.run(try host.switchArguments(["--to", "overlay2", "--yes"]))
            #expect(again.exitCode == 0, "a second switch has nothing to do: \(again.standardError)")

            let rolledBack = try await DriverShiftBinary.run(
                ["switch", "--rollback", "--yes", "--host-root", host.directory, "-H", host.sandbox.hostURL]
                    + (try host.daemonControlArguments()))
            #expect(rolledBack.exitCode == 2, "\(rolledBack.standardError)")
            #expect(try host.daemonJSONBytes() == before, "daemon.json holds its old bytes again")
            #expect(try await host.liveDriver() == "vfs")
            let inspected = try await host.sandbox.docker([
                "image", "inspect", "--format", "{{.Id}}", SwitchSandbox.imageReference,
            ])
            #expect(inspected.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == host.imageID)
            DriverShiftBinary.recordEvidence("real-dockerd-switch")
        }
    }

    @Test func withoutConfirmationNothingChanges() async throws {
        try await SwitchSandbox.with { host in
            let before = try host.daemonJSONBytes()

            // No --yes and no answer on stdin: the word yes never comes.
            let result = try await DriverShiftBinary.run(try host.switchArguments(["--to", "overlay2"]))

            #expect(result.exitCode == 1)
            #expect(result.standardError.contains("not confirmed; nothing was changed"))
            #expect(try host.daemonJSONBytes() == before)
            #expect(try await host.liveDriver() == "vfs")
        }
    }

    @Test func aDaemonThatDoesNotStartIsRolledBackByItself() async throws {
        try await SwitchSandbox.with { host in
            let before = try host.daemonJSONBytes()
            // A start command that refuses overlay2, as a host whose kernel lacks it would: the fault is injected
            // in the start command; the daemon, the files and the rollback are real.
            let script = host.directory + "/refuse-overlay2.sh"
            let tool = try SandboxBinary.path()
            try """
            #!/bin/sh
            if grep -q overlay2 "\(host.daemonJSONPath)"; then
                echo "simulated: overlay2 is not supported here" >> "\(host.sandbox.logPath)"
                exit 1
            fi
            exec "\(tool)" start --dir "\(host.directory)"

            """.write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)

            let result = try await DriverShiftBinary.run(
                try host.switchArguments(["--to", "overlay2", "--yes"], start: [script]))

            #expect(result.exitCode == 1)
            #expect(result.standardError.contains("rolled back"), "\(result.standardError)")
            #expect(try host.daemonJSONBytes() == before)
            #expect(try await host.liveDriver() == "vfs", "the old daemon runs again")
        }
    }
}
