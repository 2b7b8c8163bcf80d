import DriverShiftTestSupport
import Foundation
import HostSystem

/// Three fleet hosts on this machine: each a vfs sandbox dockerd with the sample images (its own host root)
/// behind its own sshd on a loopback port, reached by ansible-playbook over real SSH with a key made here.
/// Everything lives under one directory and is removed afterwards, also when a test fails.
struct FleetLab {
    struct Host {
        let name: String
        /// The sandbox directory: this host's "/".
        let root: String
        let ssh: SSHServer

        var socket: String { root + "/run/docker.sock" }
        var daemonJSON: String { root + "/etc/docker/daemon.json" }
        var workDirectory: String { root + "/var/lib/drivershift/fleet" }
    }

    let directory: String
    let hosts: [Host]
    let ansible: AnsibleTools
    /// The drivershift binary the playbook installs (stripped: a quarter of the debug build to copy).
    let binary: String
    let sandboxTool: String

    var reportsDirectory: String { directory + "/reports" }
    var clientKey: String { directory + "/client_key" }
    var knownHosts: String { directory + "/known_hosts" }

    static func with(hostCount: Int = 3, _ body: (FleetLab) async throws -> Void) async throws {
        let ansible = try AnsibleTools.locate()
        let drivershift = try DriverShiftBinary.path()
        let sandboxTool = try SandboxBinary.path()
        let directory = try DriverShiftBinary.temporaryDirectory("fleet")
        let names = (1...hostCount).map { "fleet-\($0)" }
        var servers: [SSHServer] = []
        do {
            let runner = CommandRunner()
            try await runner.check(
                Command("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", directory + "/client_key"]))
            let clientKey = try String(contentsOfFile: directory + "/client_key.pub", encoding: .utf8)
            for name in names {
                servers.append(
                    try await SSHServer.start(directory: directory + "/ssh-" + name, authorizedKey: clientKey))
            }
            try servers.map(\.knownHostsLine).joined(separator: "\n").appending("\n")
                .write(toFile: directory + "/known_hosts", atomically: true, encoding: .utf8)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in names {
                    group.addTask {
                        try await runner.check(
                            Command(sandboxTool, ["up", "--driver", "vfs", "--dir", directory + "/" + name]))
                    }
                }
                try await group.waitForAll()
            }
            let binary = directory + "/bin/drivershift"
            try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: drivershift, toPath: binary)
            try await runner.check(Command("/usr/bin/strip", [binary]))
            let hosts = zip(names, servers).map { Host(name: $0, root: directory + "/" + $0, ssh: $1) }
            let lab = FleetLab(
                directory: directory, hosts: hosts, ansible: ansible, binary: binary, sandboxTool: sandboxTool)
            try await body(lab)
        } catch {
            _ = await clean(directory: directory, servers: servers, names: names, sandboxTool: sandboxTool)
            throw error
        }
        let problems = await clean(directory: directory, servers: servers, names: names, sandboxTool: sandboxTool)
        guard problems.isEmpty else {
            throw TestFailure("cleaning up the fleet lab: " + problems.joined(separator: "; "))
        }
    }

    /// Ends ssh's shared connections, stops every sshd with its sessions, removes the sandboxes and the files.
    /// Returns what could not be cleaned up.
    private static func clean(directory: String, servers: [SSHServer], names: [String], sandboxTool: String)
        async -> [String]
    {
        var problems: [String] = []
        let runner = CommandRunner()
        let sockets = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/cp")) ?? []
        for socket in sockets {
            _ = try? await runner.run(
                Command("/usr/bin/ssh", ["-o", "ControlPath=\(directory)/cp/\(socket)", "-O", "exit", "127.0.0.1"]))
        }
        for server in servers where await !server.stop() {
            problems.append("sshd \(server.pid) or one of its sessions did not stop")
        }
        for name in names where FileManager.default.fileExists(atPath: directory + "/" + name) {
            let down = try? await runner.run(Command(sandboxTool, ["down", "--dir", directory + "/" + name]))
            if down?.succeeded != true {
                problems.append("drivershift-sandbox down \(name): \(down?.errorTail() ?? "")")
            }
        }
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            problems.append("removing \(directory): \(error)")
        }
        return problems
    }

    // MARK: - Inventory and runs

    /// An inventory of the lab's hosts; `overrides` adds or replaces variables per host.
    func writeInventory(_ name: String, overrides: [String: [String: String]] = [:]) throws -> String {
        var text = """
            docker_hosts:
              vars:
                ansible_host: "127.0.0.1"
                ansible_user: root
                ansible_python_interpreter: /usr/bin/python3
                ansible_ssh_private_key_file: \(quoted(clientKey))
                ansible_ssh_common_args: \(quoted("-o UserKnownHostsFile=\(knownHosts) -o StrictHostKeyChecking=yes"))
                drivershift_binary_src: \(quoted(binary))
                drivershift_run_poll: 1
              hosts:

            """
        for host in hosts {
            var variables: [String: String] = [
                "ansible_port": "\(host.ssh.port)",
                "drivershift_host_root": host.root,
                "drivershift_docker_host": "unix://" + host.socket,
                "drivershift_daemon_start": "\(sandboxTool) start --dir \(host.root)",
                "drivershift_daemon_stop": "\(sandboxTool) stop --dir \(host.root)",
                "drivershift_daemon_log": "/var/log/dockerd.log",
            ]
            variables.merge(overrides[host.name] ?? [:]) { $1 }
            text += "    \(host.name):\n"
            for (key, value) in variables.sorted(by: { $0.key < $1.key }) {
                text += "      \(key): \(key == "ansible_port" ? value : quoted(value))\n"
            }
        }
        let path = directory + "/" + name + ".yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `ansible-playbook -i INVENTORY rollout.yml -e @vars.json ARGUMENTS`; its output is kept under logs/.
    func rollout(_ label: String, inventory: String, variables: [String: Any], arguments: [String] = [])
        async throws -> CommandResult
    {
        var all: [String: Any] = ["drivershift_become": false, "drivershift_reports_dir": reportsDirectory]
        all.merge(variables) { $1 }
        let variablesFile = directory + "/" + label + "-vars.json"
        try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: variablesFile))
        let result = try await ansible.playbook(
            inventory: inventory, extraVariables: variablesFile, arguments: arguments, scratch: directory)
        try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        try (result.standardOutput + result.standardError).write(
            toFile: directory + "/logs/" + label + ".log", atomically: true, encoding: .utf8)
        return result
    }

    // MARK: - What the tests look at

    func driver(_ host: Host) async throws -> String {
        let result = try await CommandRunner().check(
            Command("/usr/bin/docker", ["-H", "unix://" + host.socket, "info", "--format", "{{.Driver}}"]))
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "repository:tag" of every tagged image.
    func tags(_ host: Host) async throws -> Set<String> {
        let result = try await CommandRunner().check(
            Command(
                "/usr/bin/docker",
                ["-H", "unix://" + host.socket, "image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]
            ))
        return Set(result.standardOutput.split(separator: "\n").map(String.init).filter { !$0.contains("<none>") })
    }

    func daemonJSON(_ host: Host) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: host.daemonJSON))
    }

    func report(_ host: Host, _ file: String) -> String { reportsDirectory + "/" + host.name + "/" + file }

    func summary(_ format: String) throws -> String {
        try String(contentsOfFile: reportsDirectory + "/summary." + format, encoding: .utf8)
    }

    /// The summary's table row of a host, cells trimmed.
    func summaryRow(_ host: Host) throws -> [String] {
        let markdown = try summary("md")
        guard let line = markdown.split(separator: "\n").first(where: { $0.hasPrefix("| \(host.name) |") }) else {
            throw TestFailure("summary.md has no row for \(host.name):\n\(markdown)")
        }
        return line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
        // ["..."] -> "...": a JSON string is a YAML double-quoted scalar.
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
