import HostSystem

/// Everything that can go wrong while running a throwaway dockerd or filling it with samples.
public enum SandboxError: Error, CustomStringConvertible, Sendable {
    /// A Docker binary is absent: tests must fail loudly rather than skip.
    case dockerNotInstalled(path: String, role: String)
    case busyboxUnusable(path: String, reason: String)
    case cannotPrepare(path: String, reason: String)
    case alreadyRunning(directory: String, pid: Int32)
    case daemonExited(status: Int32, logPath: String, logTail: String)
    case daemonNotReady(seconds: Int, logPath: String, logTail: String)
    case daemonLaunchFailed(path: String, reason: String)
    case stopFailed(pids: [Int32], directory: String)
    case dockerCommandFailed(Command, exitCode: Int32, output: String, logPath: String)
    case unexpectedOutput(Command, output: String, expected: String)
    case notASandbox(directory: String)
    case stillMounted(paths: [String])
    case removalFailed(path: String, reason: String)
    case samplesAlreadyPresent(directory: String, names: [String])

    public var description: String {
        switch self {
        case .dockerNotInstalled(let path, let role):
            return "\(role) not found at \(path): the sandbox needs Debian's docker.io 20.10 "
                + "(/usr/sbin/dockerd and /usr/bin/docker). Install it with `apt-get install docker.io`."
        case .busyboxUnusable(let path, let reason):
            return "cannot build the sample base image from \(path): \(reason). "
                + "Install a static busybox with `apt-get install busybox-static`."
        case .cannotPrepare(let path, let reason):
            return "cannot prepare the sandbox at \(path): \(reason)."
        case .alreadyRunning(let directory, let pid):
            return "a sandbox dockerd (pid \(pid)) is already running in \(directory); "
                + "stop it first with `drivershift-sandbox down --dir \(directory)`."
        case .daemonExited(let status, let logPath, let logTail):
            return "the sandbox dockerd exited during startup with status \(status). Last lines of \(logPath):\n"
                + logTail
        case .daemonNotReady(let seconds, let logPath, let logTail):
            return "the sandbox dockerd did not answer `docker version` within \(seconds) s; it was stopped. "
                + "Last lines of \(logPath):\n\(logTail)"
        case .daemonLaunchFailed(let path, let reason):
            return "could not launch \(path): \(reason). Check that it is executable and that you are root."
        case .stopFailed(let pids, let directory):
            return "processes of the sandbox in \(directory) survived SIGKILL: "
                + pids.map(String.init).joined(separator: ", ") + ". Inspect them with `ps -o pid,stat,cmd -p ...`."
        case .dockerCommandFailed(let command, let exitCode, let output, let logPath):
            let detail = output.isEmpty ? "" : ":\n\(output)"
            return "`\(command)` exited with status \(exitCode)\(detail)\nThe sandbox daemon's log is \(logPath)."
        case .unexpectedOutput(let command, let output, let expected):
            return "`\(command)` printed \(output.debugDescription), expected \(expected)."
        case .notASandbox(let directory):
            return "\(directory) holds no sandbox record (.drivershift-sandbox.json), so it was left untouched; "
                + "point --dir at a directory made by `drivershift-sandbox up`."
        case .stillMounted(let paths):
            return "could not unmount " + paths.joined(separator: ", ")
                + "; nothing was deleted. Unmount them by hand (`umount -l PATH`) and retry."
        case .removalFailed(let path, let reason):
            return "could not delete \(path): \(reason)."
        case .samplesAlreadyPresent(let directory, let names):
            return "the sandbox in \(directory) already holds sample containers (" + names.joined(separator: ", ")
                + "); samples are built once per sandbox. Start a fresh one with `drivershift-sandbox down` and `up`."
        }
    }
}
