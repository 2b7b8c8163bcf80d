import Foundation
import HostSystem
import Testing

@testable import HostConfig

/// The checks every planned switch must pass, whatever the layout.
enum ConfigEditCheck {
    /// Plans the switch, compares its diff with the golden one, and runs `checked`'s checks.
    @discardableResult
    static func run(
        _ host: FakeHost, to target: StorageTarget, golden: String, name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ConfigEditPlan {
        let plan = try checked(host, target, sourceLocation: sourceLocation)
        try GoldenFile.check(plan.diff, against: golden, name: name, sourceLocation: sourceLocation)
        return plan
    }

    /// Plans the switch, applies it (with the real `patch` too) and checks the result: no conflict, the
    /// target from daemon.json only, the same data root, and nothing left to do afterwards.
    @discardableResult
    static func checked(
        _ host: FakeHost, _ target: StorageTarget, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ConfigEditPlan {
        let original = try host.read()
        let plan = try ConfigEditPlanner.plan(configuration: original, hostRoot: host.root, target: target)
        #expect(plan.unresolved == [], sourceLocation: sourceLocation)
        checkResult(plan.resulting, target: target, sourceLocation: sourceLocation)
        #expect(plan.resulting.dataRoot == original.dataRoot, sourceLocation: sourceLocation)

        let patched = try PatchedCopy(of: host, applying: plan.diff)
        for edit in plan.edits {
            #expect(
                patched.contents(of: edit.path) == edit.after, "patch -p1 gives another \(edit.path)",
                sourceLocation: sourceLocation)
        }

        for edit in plan.edits { try host.write(edit.path, edit.after) }
        let reread = try host.read()
        #expect(
            reread == plan.resulting, "the overlay read differs from reading the written files",
            sourceLocation: sourceLocation)
        let again = try ConfigEditPlanner.plan(configuration: reread, hostRoot: host.root, target: target)
        #expect(again.edits == [], "a second plan still edits", sourceLocation: sourceLocation)
        #expect(again.unresolved == [], sourceLocation: sourceLocation)
        return plan
    }

    static func checkResult(
        _ configuration: DockerConfiguration, target: StorageTarget, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(configuration.conflicts == [], sourceLocation: sourceLocation)
        #expect(configuration.problems.filter { $0.severity == .error } == [], sourceLocation: sourceLocation)
        #expect(configuration.storageDriver == target.driverName, sourceLocation: sourceLocation)
        #expect(configuration.storageDriverSource?.kind == .daemonJSON, sourceLocation: sourceLocation)
        let storageFlags = configuration.settingsInEffect.filter {
            $0.kind == .dockerdFlag && ["storage-driver", "storage-opts", "graph"].contains($0.key)
        }
        #expect(storageFlags == [], sourceLocation: sourceLocation)
        #expect(
            configuration.storageOptions.allSatisfy { $0.source.kind == .daemonJSON }, sourceLocation: sourceLocation)
    }
}

/// A copy of a fake host's tree with a diff applied by GNU patch, removed when the value goes away.
final class PatchedCopy {
    let directory: String

    init(of host: FakeHost, applying diff: String) throws {
        directory = FileManager.default.temporaryDirectory.path + "/drivershift-patched-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: host.directory, toPath: directory)
        let patchPath = directory + ".diff"
        try diff.write(toFile: patchPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: patchPath) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/patch") else {
            Issue.record("/usr/bin/patch is missing: install GNU patch (apt-get install patch) to check the diffs")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        process.arguments = ["-p1", "--batch", "--silent", "-d", directory, "-i", patchPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let message = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "patch failed: \(message)")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func contents(of hostPath: String) -> String? {
        FileManager.default.contents(atPath: directory + hostPath).map { String(decoding: $0, as: UTF8.self) }
    }
}
