import ArgumentParser
import Foundation
import Sandbox

/// Stops the sandbox dockerd cleanly and keeps DIR: the stop half of a `--daemon-control command` pair.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the sandbox dockerd in DIR (and its containerd); keep every file for `start`."
    )

    @Option(name: .customLong("dir"), help: "The directory given to (or printed by) `up`.")
    var directory: String

    func run() async throws {
        let sandbox = try DockerSandbox.attach(directory: directory)
        try await sandbox.stop()
        FileHandle.standardError.write(Data("stopped dockerd in \(sandbox.directory)\n".utf8))
    }
}
