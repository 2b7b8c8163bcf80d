import ArgumentParser
import HostSystem

/// Options every command that looks at a host shares, named as Docker names them.
struct HostOptions: ParsableArguments {
    @Option(
        name: .customLong("data-root"),
        help: ArgumentHelp(
            "Docker's data root, as a host path.",
            discussion: "Default: the running daemon's, else the configured one, else /var/lib/docker.",
            valueName: "path"))
    var dataRoot: String?

    @Option(
        name: [.customShort("H"), .customLong("host")],
        help: ArgumentHelp(
            "The daemon's socket (default: unix:///var/run/docker.sock under the host root).", valueName: "unix:///path"
        ))
    var host: String?

    @Option(
        name: .customLong("host-root"),
        help: ArgumentHelp(
            "Resolve every host path (/etc, /var/lib/docker, ...) under this directory, like systemctl --root.",
            valueName: "dir"))
    var hostRoot: String?

    @Flag(help: "Do not contact the daemon; read everything from the data root on disk.")
    var offline = false

    @Option(help: ArgumentHelp("Seconds to wait for each answer from the daemon.", valueName: "seconds"))
    var timeout = 15

    var resolvedHostRoot: HostRoot { HostRoot(hostRoot) }
}
