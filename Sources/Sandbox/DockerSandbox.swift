import Foundation
import HostSystem
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway dockerd laid out as a fake host root, so drivershift can look at it with `--host-root DIR`
/// exactly as at a real host: `DIR/etc/docker/daemon.json`, `DIR/var/lib/docker`, `DIR/run/docker.sock`.
///
/// Each sandbox runs its own dockerd and (through its exec root) its own containerd, so several can run at
/// once in one process. The daemon outlives this object on purpose (`drivershift-sandbox up` leaves it
/// running): end it with `stop()` or `remove()`. The client is always `/usr/bin/docker` (20.10): a newer
/// client on PATH would negotiate differently from what a migrating host has.
public final class DockerSandbox: Sendable {
    public static let defaultDockerdPath = "/usr/sbin/dockerd"
    public static let defaultDockerPath = "/usr/bin/docker"
    static let readinessTimeout: Duration = .seconds(60)
    static let stopTimeout: Duration = .seconds(30)
    static let recordVersion = 1

    public let layout: SandboxLayout
    /// The driver the sandbox was started with. `restart()` re-reads daemon.json, so after a migration
    /// rewrote it, ask the daemon (`docker info`) for the live one.
    public let driver: String
    public let dockerdPath: String
    public let dockerPath: String
    private let runner = CommandRunner()
    private let daemon = Mutex<DaemonState>(DaemonState())

    /// The running daemon as launched by this object; nil after `stop()` or for an attached sandbox.
    private struct DaemonState {
        var process: Process?
        var pid: Int32?
    }

    /// What `up` leaves in DIR so that `down` (another process) finds the same paths.
    private struct Record: Codable {
        var version: Int
        var driver: String
        var layout: SandboxLayout
        var dockerdPath: String
        var dockerPath: String
    }

    private init(layout: SandboxLayout, driver: String, dockerdPath: String, dockerPath: String) {
        self.layout = layout
        self.driver = driver
        self.dockerdPath = dockerdPath
        self.dockerPath = dockerPath
    }

    public var directory: String { layout.directory }
    public var hostRoot: HostRoot { HostRoot(layout.directory) }
    public var dataRoot: String { layout.dataRoot }
    public var socketPath: String { layout.socketPath }
    public var hostURL: String { layout.hostURL }
    public var logPath: String { layout.logPath }
    public var isRunning: Bool { daemonPID() != nil }

    // MARK: - Lifecycle

    /// Lays out DIR (a new temporary directory when nil), writes `{"storage-driver": driver}` to its
    /// daemon.json, starts dockerd and waits until it answers. Throws with the log's tail if it does not.
    public static func start(
        driver: String,
        directory: String? = nil,
        dockerdPath: String = defaultDockerdPath,
        dockerPath: String = defaultDockerPath
    ) async throws -> DockerSandbox {
        try requireExecutable(dockerdPath, role: "dockerd (the Docker daemon)")
        try requireExecutable(dockerPath, role: "docker (the Docker 20.10 client)")
        let root: String
        if let directory {
            try requireEmptyOrSandbox(directory)
            try SandboxFiles.createDirectory(directory)
            root = try SandboxFiles.canonicalPath(directory)
        } else {
            root = try SandboxFiles.canonicalPath(
                SandboxFiles.makeTemporaryDirectory(NSTemporaryDirectory() + "/drivershift-sandbox-XXXXXX"))
        }
        let sandbox = DockerSandbox(
            layout: SandboxLayout(directory: root, shortDirectory: try shortDirectory(for: root)),
            driver: driver, dockerdPath: dockerdPath, dockerPath: dockerPath)
        if let pid = sandbox.daemonPID() {
            throw SandboxError.alreadyRunning(directory: root, pid: pid)
        }
        do {
            try sandbox.writeHostFiles()
            try await sandbox.launch()
        } catch {
            // A directory we invented holds nothing anyone asked for; a given one keeps its log for inspection.
            if directory == nil { try? await sandbox.remove() } else { try? await sandbox.stop() }
            throw error
        }
        return sandbox
    }

    /// The sandbox that `start` laid out in `directory` (possibly from another process), for `stop`/`remove`.
    public static func attach(directory: String) throws -> DockerSandbox {
        guard let root = try? SandboxFiles.canonicalPath(directory),
            let data = FileManager.default.contents(atPath: root + "/" + SandboxLayout.recordName),
            let record = try? JSONDecoder().decode(Record.self, from: data)
        else { throw SandboxError.notASandbox(directory: directory) }
        // The directory may have moved since; only the short directory is not derived from it.
        let layout =
            record.layout.directory == root
            ? record.layout : SandboxLayout(directory: root, shortDirectory: record.layout.shortDirectory)
        return DockerSandbox(
            layout: layout, driver: record.driver, dockerdPath: record.dockerdPath, dockerPath: record.dockerPath)
    }

    /// SIGTERM, up to 30 s for a clean shutdown, then SIGKILL; then ends whatever outlived dockerd
    /// (containerd, shims and their containers). Idempotent.
    public func stop() async throws {
        if let pid = daemonPID() {
            ProcessTable.signal([pid], SIGTERM)
            let left = await ProcessTable.waitForExit([pid], timeout: Self.stopTimeout)
            if !left.isEmpty {
                ProcessTable.signal(left, SIGKILL)
                _ = await ProcessTable.waitForExit(left, timeout: .seconds(5))
            }
        }
        try await endLeftovers()
        daemon.withLock { $0 = DaemonState() }
    }

    /// Starts the dockerd of a stopped sandbox again on its files (for an attached one too): daemon.json is
    /// re-read, not rewritten. Waits until it answers; throws with the log's tail if it does not.
    public func startDaemon() async throws {
        if let pid = daemonPID() { throw SandboxError.alreadyRunning(directory: layout.directory, pid: pid) }
        try await launch()
    }

    /// Stops and starts dockerd on the same files; daemon.json is re-read, not rewritten.
    public func restart() async throws {
        try await stop()
        try await launch()
    }

    /// Stops the daemon, detaches any mount left under DIR, and deletes DIR (and the short directory).
    /// Refuses a directory without the sandbox record, so a wrong `--dir` cannot delete someone's data.
    public func remove() async throws {
        try await stop()
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: layout.directory) && !fileManager.fileExists(atPath: layout.recordPath) {
            throw SandboxError.notASandbox(directory: layout.directory)
        }
        let roots = [layout.directory] + (layout.shortDirectory.map { [$0] } ?? [])
        for root in roots { try MountTable.unmountAll(under: root) }
        if let short = layout.shortDirectory { try TreeRemover.remove(short) }
        guard fileManager.fileExists(atPath: layout.directory) else { return }
        // The record goes last: if deleting fails half-way, `down` can still be retried.
        let names = (try? fileManager.contentsOfDirectory(atPath: layout.directory)) ?? []
        for name in names where name != SandboxLayout.recordName {
            try TreeRemover.remove(layout.directory + "/" + name)
        }
        try TreeRemover.remove(layout.directory)
    }

    // MARK: - Client

    /// Runs `/usr/bin/docker -H unix://SOCK arguments...` and throws with its stderr unless it exits 0.
    @discardableResult
    public func docker(_ arguments: [String]) async throws -> CommandResult {
        let command = Command(dockerPath, ["-H", hostURL] + arguments)
        let result = try await runner.run(command, environment: clientEnvironment)
        guard result.succeeded else {
            throw SandboxError.dockerCommandFailed(
                command, exitCode: result.exitCode, output: result.errorTail(lines: 20), logPath: logPath)
        }
        return result
    }

    /// `docker(arguments)` with its standard output parsed as JSON (for `inspect` and `--format '{{json .}}'`).
    public func dockerJSON(_ arguments: [String]) async throws -> Any {
        let result = try await docker(arguments)
        do {
            return try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8), options: .fragmentsAllowed)
        } catch {
            throw SandboxError.unexpectedOutput(
                result.command, output: String(result.standardOutput.prefix(200)), expected: "JSON")
        }
    }

    /// The client's environment: its own config dir (never ~/.docker), the legacy builder, and no
    /// TLS or context settings inherited from the caller's shell that could redirect it.
    var clientEnvironment: [String: String] {
        [
            "DOCKER_CONFIG": layout.cliConfigDirectory,
            "DOCKER_BUILDKIT": "0",
            "DOCKER_TLS_VERIFY": "",
            "DOCKER_CONTEXT": "",
        ]
    }

    // MARK: - Internals

    private static func requireExecutable(_ path: String, role: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SandboxError.dockerNotInstalled(path: path, role: role)
        }
    }

    /// `remove()` deletes DIR, so DIR must be new, empty, or an earlier sandbox: never someone's files.
    private static func requireEmptyOrSandbox(_ directory: String) throws {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory), !names.isEmpty,
            !names.contains(SandboxLayout.recordName)
        else { return }
        throw SandboxError.cannotPrepare(
            path: directory,
            reason: "it is not empty and was not made by drivershift-sandbox, and removing the sandbox deletes it; "
                + "use a new or empty directory")
    }

    /// A /tmp directory for the exec root and socket when DIR is too long for unix socket paths;
    /// reuses the one recorded by an earlier start in the same DIR.
    private static func shortDirectory(for root: String) throws -> String? {
        guard SandboxLayout.needsShortDirectory(for: root) else { return nil }
        if let earlier = try? attach(directory: root), let short = earlier.layout.shortDirectory,
            FileManager.default.fileExists(atPath: short)
        {
            return short
        }
        return try SandboxFiles.makeTemporaryDirectory("/tmp/dsx-XXXXXX")
    }

    /// daemon.json, the directories, `/var/run -> ../run` as on a host, and the record for `attach`.
    private func writeHostFiles() throws {
        for path in layout.directoriesToCreate { try SandboxFiles.createDirectory(path) }
        let varRun = layout.directory + "/var/run"
        if (try? FileFacts.of(varRun)) == nil {
            do {
                try FileManager.default.createSymbolicLink(atPath: varRun, withDestinationPath: "../run")
            } catch {
                throw SandboxError.cannotPrepare(path: varRun, reason: "\(error)")
            }
        }
        let encodedDriver = String(decoding: try JSONEncoder().encode(driver), as: UTF8.self)
        try SandboxFiles.write("{\"storage-driver\": \(encodedDriver)}\n", to: layout.configFile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let record = Record(
            version: Self.recordVersion, driver: driver, layout: layout, dockerdPath: dockerdPath,
            dockerPath: dockerPath)
        try SandboxFiles.write(try encoder.encode(record), to: layout.recordPath)
    }

    /// Starts dockerd in the background, output appended to the log, and waits until it answers.
    private func launch() async throws {
        // A pidfile left by a killed daemon names a dead (or reused) pid; dockerd would refuse to start.
        if daemonPID() == nil { try? FileManager.default.removeItem(atPath: layout.pidFile) }
        let logDescriptor = open(layout.logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard logDescriptor >= 0 else {
            throw SandboxError.cannotPrepare(path: layout.logPath, reason: String(cString: strerror(errno)))
        }
        let log = FileHandle(fileDescriptor: logDescriptor, closeOnDealloc: true)
        let logOffset = SandboxFiles.size(of: layout.logPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dockerdPath)
        process.arguments = layout.daemonArguments
        process.environment = Self.daemonEnvironment()
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            try? log.close()
            throw SandboxError.daemonLaunchFailed(path: dockerdPath, reason: "\(error)")
        }
        try? log.close()
        let pid = process.processIdentifier
        daemon.withLock { $0 = DaemonState(process: process, pid: pid) }
        do {
            try await waitUntilReady(pid: pid, logOffset: logOffset)
        } catch {
            try? await stop()
            throw error
        }
    }

    /// dockerd finds containerd, runc and the shims on PATH: Debian's, matching 20.10, not /usr/local ones.
    private static func daemonEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
        for key in ["DOCKER_HOST", "DOCKER_CONFIG", "NOTIFY_SOCKET"] { environment[key] = nil }
        return environment
    }

    private func waitUntilReady(pid: Int32, logOffset: UInt64) async throws {
        let deadline = ContinuousClock.now + Self.readinessTimeout
        let probe = Command(dockerPath, ["-H", hostURL, "version", "--format", "{{.Server.Version}}"])
        while true {
            if !ProcessTable.isAlive(pid) {
                throw SandboxError.daemonExited(
                    status: await exitStatus(), logPath: logPath,
                    logTail: SandboxFiles.tail(of: logPath, from: logOffset))
            }
            if try await runner.run(probe, environment: clientEnvironment).succeeded { return }
            if ContinuousClock.now >= deadline {
                throw SandboxError.daemonNotReady(
                    seconds: Int(Self.readinessTimeout.components.seconds), logPath: logPath,
                    logTail: SandboxFiles.tail(of: logPath, from: logOffset))
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// The launched dockerd's exit status once Foundation has reaped it; -1 if that takes too long.
    private func exitStatus() async -> Int32 {
        for _ in 0..<20 {
            let status = daemon.withLock { state -> Int32? in
                guard let process = state.process, !process.isRunning else { return nil }
                return process.terminationStatus
            }
            if let status { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return -1
    }

    /// The live dockerd of this sandbox: the one launched here, or the pidfile's if its argv names our data root.
    private func daemonPID() -> Int32? {
        if let pid = daemon.withLock({ $0.pid }), ProcessTable.isAlive(pid) { return pid }
        guard let text = try? String(contentsOfFile: layout.pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            ProcessTable.isAlive(pid),
            let entry = ProcessTable.entry(pid), entry.arguments.contains(layout.dataRoot)
        else { return nil }
        return pid
    }

    /// containerd, shims and container processes that outlived dockerd: SIGTERM, then SIGKILL.
    private func endLeftovers() async throws {
        let roots = [layout.dataRoot, layout.execRoot, layout.socketPath]
        var left = ProcessTable.processes(under: roots).map(\.pid)
        guard !left.isEmpty else { return }
        ProcessTable.signal(left, SIGTERM)
        left = await ProcessTable.waitForExit(left, timeout: .seconds(5))
        ProcessTable.signal(left, SIGKILL)
        left = await ProcessTable.waitForExit(left, timeout: .seconds(5))
        left += ProcessTable.processes(under: roots).map(\.pid).filter { !left.contains($0) }
        if !left.isEmpty { throw SandboxError.stopFailed(pids: left, directory: layout.directory) }
    }
}
