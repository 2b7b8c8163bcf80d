import DriverShiftTestSupport
import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// One real OpenSSH server on a loopback port: a "host" of the fleet. Its own host key (which the control
/// machine's known_hosts pins), key-only root login with the test's client key, its own pid file and log.
struct SSHServer: Sendable {
    static let sshd = "/usr/sbin/sshd"

    let directory: String
    let port: Int
    let pid: Int32
    /// `[127.0.0.1]:PORT ssh-ed25519 AAAA...`, for known_hosts.
    let knownHostsLine: String

    var logPath: String { directory + "/sshd.log" }

    /// Starts sshd (it daemonizes once it listens); retries with another port if one was taken meanwhile.
    static func start(directory: String, authorizedKey: String) async throws -> SSHServer {
        guard FileManager.default.isExecutableFile(atPath: sshd) else {
            throw TestFailure("\(sshd) is missing: install openssh-server (scripts/setup.sh does)")
        }
        // sshd's privilege separation directory; the package makes it only when its service starts.
        try FileManager.default.createDirectory(
            atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let hostKey = directory + "/host_key"
        try await CommandRunner().check(
            Command("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]))
        try Data(authorizedKey.utf8).write(to: URL(fileURLWithPath: directory + "/authorized_keys"))
        let publicKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")

        var lastError = ""
        for _ in 0..<3 {
            let port = try freePort()
            try config(port: port, directory: directory).write(
                toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
            let result = try await CommandRunner().run(
                Command(sshd, ["-f", directory + "/sshd_config", "-E", directory + "/sshd.log"]))
            guard result.succeeded else {
                lastError =
                    (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? result.errorTail()
                continue
            }
            let pid = try await waitForPID(directory + "/sshd.pid")
            return SSHServer(
                directory: directory, port: port, pid: pid, knownHostsLine: "[127.0.0.1]:\(port) \(publicKey)")
        }
        throw TestFailure("sshd did not start on a loopback port:\n\(lastError)")
    }

    /// Stops the listener and every session it forked; true when all are gone.
    func stop() async -> Bool { await ProcessTree.stop(pid) }

    static func config(port: Int, directory: String) -> String {
        """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(directory)/host_key
        PidFile \(directory)/sshd.pid
        AuthorizedKeysFile \(directory)/authorized_keys
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        UseDNS no
        # The test's files live under /tmp, which is world-writable: sshd's ownership checks would refuse them.
        StrictModes no
        Subsystem sftp internal-sftp

        """
    }

    private static func waitForPID(_ path: String) async throws -> Int32 {
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), ProcessTree.isAlive(pid)
            {
                return pid
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("sshd started but wrote no live pid to \(path)")
    }

    /// A port the kernel had free on 127.0.0.1 a moment ago.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        guard bound == 0 else { throw TestFailure("bind(127.0.0.1:0) failed: errno \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else { throw TestFailure("getsockname failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
