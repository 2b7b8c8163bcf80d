import ArgumentParser
import Foundation
import Sandbox

/// Starts the dockerd of a stopped sandbox again, reading DIR/etc/docker/daemon.json afresh: the start half
/// of a `--daemon-control command` pair that drives a sandbox like a host.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the stopped sandbox dockerd in DIR again (re-reading its daemon.json); wait until it answers."
    )

    @Option(name: .customLong("dir"), help: "The directory given to (or printed by) `up`.")
    var directory: String

    func run() async throws {
        let sandbox = try DockerSandbox.attach(directory: directory)
        if sandbox.isRunning {
            // Like `systemctl start` of a running service: nothing to do.
            note("the sandbox dockerd in \(sandbox.directory) is already running")
            return
        }
        try await sandbox.startDaemon()
        note("started dockerd in \(sandbox.directory) (DOCKER_HOST=\(sandbox.hostURL))")
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
