import HostSystem

/// Why dockerd could not be stopped, started or seen ready. Each message carries the daemon's own last log
/// lines (journal or log file) and what to do next.
public enum DaemonControlError: Error, CustomStringConvertible, Sendable {
    case commandNotStarted(Command, action: String, reason: String)
    case commandFailed(Command, action: String, exitCode: Int32, output: String, logTail: String)
    /// The stop commands returned, but the socket kept answering.
    case stillAnswering(socket: String, seconds: Int64, logTail: String)
    case notReady(socket: String, seconds: Int64, lastProblem: String, logTail: String)
    case wrongDriver(expected: String, actual: String, socket: String, logTail: String)

    public var description: String {
        switch self {
        case .commandNotStarted(let command, let action, let reason):
            return "could not run `\(command)` to \(action) dockerd: \(reason). If this host manages dockerd "
                + "differently, give the commands with --daemon-control command."
        case .commandFailed(let command, let action, let exitCode, let output, let logTail):
            let detail = output.isEmpty ? "" : ":\n\(output)"
            return "`\(command)` (to \(action) dockerd) exited with status \(exitCode)\(detail)\n\(logTail)\n"
                + Self.nextStep(action)
        case .stillAnswering(let socket, let seconds, let logTail):
            return "dockerd still answers on \(socket) \(seconds) s after it was told to stop; nothing was changed "
                + "while it runs. Find out what keeps it alive (`ps -ef | grep dockerd`, the log below), stop it, "
                + "and run again.\n\(logTail)"
        case .notReady(let socket, let seconds, let lastProblem, let logTail):
            return "dockerd did not become ready on \(socket) within \(seconds) s (last attempt: \(lastProblem)).\n"
                + "\(logTail)\n" + Self.nextStep("start")
        case .wrongDriver(let expected, let actual, let socket, let logTail):
            return "dockerd on \(socket) runs the storage driver \(actual), not \(expected): it did not take the new "
                + "configuration. Look for a storage driver set in another place (a dockerd flag in the service "
                + "unit or a drop-in, /etc/sysconfig/docker-storage, /etc/default/docker) and read the log.\n"
                + "\(logTail)\n" + Self.nextStep("start")
        }
    }

    private static func nextStep(_ action: String) -> String {
        if action == "stop" {
            return "Stop dockerd by hand, check that its socket no longer answers, and run again."
        }
        return "Fix what the log names, or roll the switch back (it restores every configuration file from its "
            + "*.drivershift-*.bak backup) and start dockerd again."
    }
}
