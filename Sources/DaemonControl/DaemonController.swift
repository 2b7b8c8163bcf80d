import DockerEngine
import Foundation
import HostSystem

/// Stops and starts dockerd the way the host manages it, and tells when it is ready again with the expected
/// storage driver. Every failure carries the daemon's last log lines and what to do next.
public struct DaemonController: Sendable {
    /// How many lines of the daemon's log an error shows.
    public static let logLines = 30

    public var method: DaemonControlMethod
    public var endpoint: EngineEndpoint
    public var logSource: DaemonLogSource
    /// How long `stop()` waits for the socket to go quiet after the stop commands returned.
    public var stopTimeout: Duration
    private let runner: CommandRunner

    /// `logSource` defaults to the journal of docker.service (systemd), /var/log/docker.log or
    /// /var/log/upstart/docker.log under `hostRoot` (sysv), and none for a command pair.
    public init(
        method: DaemonControlMethod,
        endpoint: EngineEndpoint = EngineEndpoint(socketPath: EngineEndpoint.defaultSocket),
        logSource: DaemonLogSource? = nil,
        hostRoot: HostRoot = .live,
        stopTimeout: Duration = .seconds(90),
        runner: CommandRunner = CommandRunner()
    ) {
        self.method = method
        self.endpoint = endpoint
        self.logSource = logSource ?? Self.defaultLogSource(for: method, hostRoot: hostRoot)
        self.stopTimeout = stopTimeout
        self.runner = runner
    }

    public static func defaultLogSource(for method: DaemonControlMethod, hostRoot: HostRoot) -> DaemonLogSource {
        switch method {
        case .systemd: return .journal(unit: "docker.service")
        case .sysv: return .files(["/var/log/docker.log", "/var/log/upstart/docker.log"].map(hostRoot.resolve))
        case .command: return .unknown
        }
    }

    // MARK: - Commands

    public var stopCommands: [Command] {
        switch method {
        // The socket first: while docker.socket listens, any client connecting would start dockerd again.
        case .systemd: return [Command("systemctl", ["stop", "docker.socket", "docker.service"])]
        case .sysv: return [Command("service", ["docker", "stop"])]
        case .command(_, let stop): return [stop]
        }
    }

    public var startCommands: [Command] {
        switch method {
        // docker.service requires docker.socket where the unit has one, so systemd starts both.
        case .systemd: return [Command("systemctl", ["start", "docker.service"])]
        case .sysv: return [Command("service", ["docker", "start"])]
        case .command(let start, _): return [start]
        }
    }

    /// `journalctl -u docker.service ...` or nil when the log is a file or unknown.
    public var logCommand: Command? { logSource.journalCommand(lines: Self.logLines) }

    // MARK: - Stop and start

    /// Runs the stop commands, then waits until nothing listens on the socket any more.
    public func stop() async throws {
        for command in stopCommands {
            let result = try await run(command, action: "stop")
            if result.succeeded { continue }
            if case .systemd = method, Self.onlySocketUnitMissing(result.standardError + "\n" + result.standardOutput) {
                // Hosts without socket activation (Red Hat's docker 1.13) have no docker.socket unit.
                let fallback = Command("systemctl", ["stop", "docker.service"])
                try await requireSuccess(try await run(fallback, action: "stop"), action: "stop")
                continue
            }
            try await requireSuccess(result, action: "stop")
        }
        try await waitUntilGone()
    }

    /// Runs the start commands. Readiness is `waitUntilReady`'s business.
    public func start() async throws {
        for command in startCommands {
            try await requireSuccess(try await run(command, action: "start"), action: "start")
        }
    }

    /// Polls `/_ping`, then `info`, until the daemon answers; checks its driver against `expectedDriver`.
    public func waitUntilReady(expectedDriver: String?, timeout: Duration) async throws -> ReadyDaemon {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastProblem = "no answer yet"
        while true {
            let remaining = max(1, min(5, (deadline - clock.now).components.seconds))
            do {
                let client = try await EngineClient.connect(to: endpoint, timeoutSeconds: Int(remaining))
                let info = try await client.info()
                if let expectedDriver, info.Driver != expectedDriver {
                    throw DaemonControlError.wrongDriver(
                        expected: expectedDriver, actual: info.Driver, socket: endpoint.socketPath,
                        logTail: await logTail())
                }
                return ReadyDaemon(client: client, info: info)
            } catch let error as DaemonControlError {
                throw error
            } catch {
                lastProblem = "\(error)"
            }
            if clock.now >= deadline {
                throw DaemonControlError.notReady(
                    socket: endpoint.socketPath, seconds: timeout.components.seconds, lastProblem: lastProblem,
                    logTail: await logTail())
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The daemon's last log lines under a heading, as the errors show them.
    public func logTail() async -> String {
        await logSource.tail(lines: Self.logLines, runner: runner)
    }

    // MARK: - Internals

    private func run(_ command: Command, action: String) async throws -> CommandResult {
        do {
            return try await runner.run(command)
        } catch {
            throw DaemonControlError.commandNotStarted(command, action: action, reason: "\(error)")
        }
    }

    private func requireSuccess(_ result: CommandResult, action: String) async throws {
        guard !result.succeeded else { return }
        throw DaemonControlError.commandFailed(
            result.command, action: action, exitCode: result.exitCode, output: result.errorTail(lines: 20),
            logTail: await logTail())
    }

    /// `systemctl stop docker.socket docker.service` on a host without the socket unit says
    /// "Unit docker.socket not loaded." and nothing worse.
    static func onlySocketUnitMissing(_ output: String) -> Bool {
        let complaints = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        return !complaints.isEmpty
            && complaints.allSatisfy { $0.contains("docker.socket") && $0.contains("not loaded") }
    }

    /// Nothing listens on the socket any more (no socket file, or connection refused). A daemon that accepts
    /// but does not answer still holds its data root, so it does not count as gone.
    private func waitUntilGone() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + stopTimeout
        while true {
            do {
                _ = try await EngineClient.connect(to: endpoint, timeoutSeconds: 2)
            } catch EngineError.socketMissing, EngineError.daemonNotListening {
                return
            } catch {
                // Still there, half-way down or hung: keep waiting.
            }
            if clock.now >= deadline {
                throw DaemonControlError.stillAnswering(
                    socket: endpoint.socketPath, seconds: stopTimeout.components.seconds, logTail: await logTail())
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
