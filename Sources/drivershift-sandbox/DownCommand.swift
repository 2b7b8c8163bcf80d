import ArgumentParser
import Foundation
import Sandbox

/// Stops a sandbox made by `up` (found through its pidfile) and deletes its directory.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the sandbox dockerd in DIR and delete DIR."
    )

    @Option(name: .customLong("dir"), help: "The directory given to (or printed by) `up`.")
    var directory: String

    func run() async throws {
        let sandbox = try DockerSandbox.attach(directory: directory)
        try await sandbox.remove()
        FileHandle.standardError.write(Data("removed \(sandbox.directory)\n".utf8))
    }
}
