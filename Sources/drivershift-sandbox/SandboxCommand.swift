import ArgumentParser

/// A throwaway dockerd laid out as a host root, for trying drivershift without touching a real host.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drivershift-sandbox",
        abstract: "Run a throwaway dockerd laid out as a fake host root, with sample images.",
        discussion: """
            Needs root and Debian's docker.io 20.10 (/usr/sbin/dockerd, /usr/bin/docker).
              drivershift-sandbox up --driver overlay2 --dir /tmp/demo
              drivershift inventory --host-root /tmp/demo --host unix:///tmp/demo/run/docker.sock
              drivershift-sandbox stop --dir /tmp/demo     (keeps everything; `start` runs it again)
              drivershift-sandbox down --dir /tmp/demo
            """,
        subcommands: [UpCommand.self, DownCommand.self, StartCommand.self, StopCommand.self]
    )
}
