import DriverShiftTestSupport
import Foundation
import HostSystem

/// ansible-playbook and ansible-lint from the venv that scripts/setup.sh makes (.build-venv, from PyPI), and
/// the environment that keeps their state inside one test's directory.
struct AnsibleTools {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fleetDirectory = packageRoot + "/playbooks/fleet"
    static let playbook = fleetDirectory + "/rollout.yml"

    let binDirectory: String

    /// The venv's tools; fails loudly (naming the fix) when setup.sh has not installed them.
    static func locate() throws -> AnsibleTools {
        let bin =
            ProcessInfo.processInfo.environment["DRIVERSHIFT_ANSIBLE_BIN"] ?? packageRoot + "/.build-venv/bin"
        for tool in ["ansible-playbook", "ansible-lint"]
        where !FileManager.default.isExecutableFile(atPath: bin + "/" + tool) {
            throw TestFailure(
                "\(tool) is missing from \(bin): run scripts/setup.sh (it installs ansible-core and ansible-lint "
                    + "from PyPI into .build-venv), or set DRIVERSHIFT_ANSIBLE_BIN to a directory holding both")
        }
        return AnsibleTools(binDirectory: bin)
    }

    /// PATH with the venv first (ansible-lint runs ansible-playbook itself); Ansible's state under `scratch`.
    func environment(scratch: String) -> [String: String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        return [
            "PATH": binDirectory + ":" + path,
            "ANSIBLE_CONFIG": Self.fleetDirectory + "/ansible.cfg",
            "ANSIBLE_HOME": scratch + "/ansible-home",
            "ANSIBLE_LOCAL_TEMP": scratch + "/ansible-tmp",
            // Short: the control sockets of ssh's connection sharing live here (108-byte limit).
            "ANSIBLE_SSH_CONTROL_PATH_DIR": scratch + "/cp",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LINT_SKIP_SCHEMA_UPDATE": "1",
        ]
    }

    func lint(scratch: String) async throws -> CommandResult {
        try await CommandRunner().run(
            Command(
                binDirectory + "/ansible-lint",
                [
                    "--project-dir", Self.fleetDirectory, "-c", Self.fleetDirectory + "/.ansible-lint", "--nocolor",
                    Self.playbook, Self.fleetDirectory + "/roles/drivershift",
                ]),
            environment: environment(scratch: scratch))
    }

    func playbook(inventory: String, extraVariables: String, arguments: [String], scratch: String)
        async throws -> CommandResult
    {
        try await CommandRunner().run(
            Command(
                binDirectory + "/ansible-playbook",
                ["-i", inventory, Self.playbook, "-e", "@" + extraVariables] + arguments),
            environment: environment(scratch: scratch))
    }
}
