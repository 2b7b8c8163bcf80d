import Foundation
import HostSystem
import Testing

@Suite("Host file editor: apply and roll back")
struct HostFileEditorTests {
    let editor = HostFileEditor(now: { Date(timeIntervalSince1970: 1_700_000_000) })
    static let stamp = "20231114T221320Z"

    @Test("applied edits keep owner and mode, leave backups, and roll back byte for byte")
    func applyAndRollBack() async throws {
        let scratch = try EditScratch("edit-roundtrip")
        defer { scratch.remove() }
        // No trailing newline, a non-644 mode and a non-root owner: all three must survive.
        let json = "{\"storage-driver\": \"devicemapper\",\n  \"storage-opts\": [\"dm.basesize=20G\"]}"
        try scratch.place("/etc/docker/daemon.json", json, mode: 0o640, owner: Nobody.user, group: Nobody.group)
        let sysconfig = "DOCKER_STORAGE_OPTIONS=\"--storage-driver devicemapper\"\n"
        try scratch.place("/etc/sysconfig/docker-storage", sysconfig, mode: 0o600)
        let originalJSON = try #require(scratch.facts("/etc/docker/daemon.json"))
        let originalSysconfig = try #require(scratch.facts("/etc/sysconfig/docker-storage"))

        let edits = [
            PlannedFileEdit(
                path: "/etc/docker/daemon.json", before: json, after: "{\"storage-driver\": \"overlay2\"}\n",
                reason: "switch to overlay2"),
            PlannedFileEdit(
                path: "/etc/sysconfig/docker-storage", before: sysconfig, after: "DOCKER_STORAGE_OPTIONS=\n",
                reason: "one source per key"),
        ]
        var validated: [String] = []
        let applied = try await editor.apply(edits, hostRoot: scratch.hostRoot) { edit, temporary in
            validated.append(edit.path)
            // The validator sees the finished file: new bytes, the original's owner and mode.
            #expect(FileManager.default.contents(atPath: temporary) == Data(edit.after.utf8))
            #expect(EditScratch.facts(ofRealPath: temporary) == scratch.facts(edit.path))
        }
        #expect(validated == ["/etc/docker/daemon.json", "/etc/sysconfig/docker-storage"])
        #expect(applied.map(\.path) == ["/etc/docker/daemon.json", "/etc/sysconfig/docker-storage"])
        #expect(applied.allSatisfy { !$0.createdFile && $0.createdDirectories.isEmpty })
        #expect(applied[0].writtenSHA256 == SHA256Digest.hex(of: edits[0].after))
        #expect(applied[0].backupPath == "/etc/docker/daemon.json.drivershift-\(Self.stamp).bak")

        #expect(scratch.bytes("/etc/docker/daemon.json") == Array(edits[0].after.utf8))
        #expect(scratch.facts("/etc/docker/daemon.json") == originalJSON)
        #expect(scratch.facts("/etc/sysconfig/docker-storage") == originalSysconfig)
        for (record, original, facts) in zip3(applied, [json, sysconfig], [originalJSON, originalSysconfig]) {
            let backup = try #require(record.backupPath)
            #expect(scratch.bytes(backup) == Array(original.utf8), "backup \(backup) is byte-for-byte")
            #expect(scratch.facts(backup) == facts, "backup \(backup) keeps owner and mode")
        }
        #expect(!scratch.tree().contains { $0.hasSuffix(".tmp") }, "no temporary file is left: \(scratch.tree())")

        // The journal keeps the records as JSON; roll back from what it reads back.
        let journal = try JSONDecoder().decode(
            [AppliedFileEdit].self, from: try JSONEncoder().encode(applied))
        let warnings = try editor.rollback(journal, hostRoot: scratch.hostRoot)
        #expect(warnings.isEmpty)
        #expect(scratch.bytes("/etc/docker/daemon.json") == Array(json.utf8))
        #expect(scratch.bytes("/etc/sysconfig/docker-storage") == Array(sysconfig.utf8))
        #expect(scratch.facts("/etc/docker/daemon.json") == originalJSON)
        #expect(scratch.facts("/etc/sysconfig/docker-storage") == originalSysconfig)
        for record in applied {
            #expect(scratch.bytes(record.backupPath ?? "") != nil, "backups are never deleted")
        }
    }

    @Test("a new file gets its parent directories (0755) and mode; rollback removes both")
    func createdFileAndDirectories() async throws {
        let scratch = try EditScratch("edit-create")
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path("/etc"), withIntermediateDirectories: true)
        let dropIn = "/etc/systemd/system/docker.service.d/drivershift.conf"
        let edit = PlannedFileEdit(
            path: dropIn, before: nil, after: "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n",
            reason: "our drop-in", newFileMode: 0o640)
        let applied = try await editor.apply([edit], hostRoot: scratch.hostRoot) { _, _ in }
        let record = try #require(applied.first)
        #expect(record.createdFile)
        #expect(record.backupPath == nil)
        #expect(
            record.createdDirectories == [
                "/etc/systemd", "/etc/systemd/system", "/etc/systemd/system/docker.service.d",
            ])
        #expect(scratch.facts(dropIn) == EditScratch.Facts(mode: 0o640, owner: 0, group: 0))
        #expect(scratch.facts("/etc/systemd/system")?.mode == 0o755)
        #expect(scratch.bytes(dropIn) == Array(edit.after.utf8))

        let warnings = try editor.rollback(applied, hostRoot: scratch.hostRoot)
        #expect(warnings.isEmpty)
        #expect(scratch.tree() == ["etc"], "only what existed before is left")
    }

    @Test("rollback keeps a created file that was changed since, and a created directory that is not empty")
    func rollbackKeepsOthersWork() async throws {
        let scratch = try EditScratch("edit-keep")
        defer { scratch.remove() }
        let edits = [
            PlannedFileEdit(path: "/etc/default/docker", before: nil, after: "DOCKER_OPTS=\n", reason: "new"),
            PlannedFileEdit(path: "/etc/new/dir/file.conf", before: nil, after: "x=1\n", reason: "new"),
        ]
        let applied = try await editor.apply(edits, hostRoot: scratch.hostRoot) { _, _ in }
        try scratch.place("/etc/default/docker", "DOCKER_OPTS=--debug\n")
        try scratch.place("/etc/new/dir/someone-else.conf", "mine\n")

        let warnings = try editor.rollback(applied, hostRoot: scratch.hostRoot)
        #expect(scratch.bytes("/etc/default/docker") == Array("DOCKER_OPTS=--debug\n".utf8))
        #expect(scratch.bytes("/etc/new/dir/file.conf") == nil, "our unchanged file is removed")
        #expect(scratch.bytes("/etc/new/dir/someone-else.conf") != nil)
        #expect(warnings.count == 2, "one note each, none for the directories above: \(warnings)")
        #expect(warnings.contains { $0.contains(scratch.path("/etc/default/docker")) && $0.contains("changed") })
        #expect(warnings.contains { $0.contains(scratch.path("/etc/new/dir")) && $0.contains("not empty") })
    }

    @Test("rollback saves a version edited after the switch before restoring the backup")
    func rollbackSavesLaterEdits() async throws {
        let scratch = try EditScratch("edit-later")
        defer { scratch.remove() }
        try scratch.place("/etc/docker/daemon.json", "{}\n")
        let edit = PlannedFileEdit(
            path: "/etc/docker/daemon.json", before: "{}\n", after: "{\"storage-driver\": \"overlay2\"}\n",
            reason: "switch")
        let applied = try await editor.apply([edit], hostRoot: scratch.hostRoot) { _, _ in }
        try scratch.place("/etc/docker/daemon.json", "{\"debug\": true}\n")
        let warnings = try editor.rollback(applied, hostRoot: scratch.hostRoot)
        #expect(scratch.bytes("/etc/docker/daemon.json") == Array("{}\n".utf8))
        let saved = scratch.tree().filter { $0.hasPrefix("etc/docker/daemon.json.drivershift-") }
        #expect(saved.count == 2, "the first backup and the saved later version: \(saved)")
        #expect(saved.contains { scratch.bytes("/" + $0) == Array("{\"debug\": true}\n".utf8) })
        #expect(warnings.count == 1 && warnings[0].contains("kept as"), "\(warnings)")
    }

    @Test("a file changed since planning is refused before anything is written")
    func refusesDrift() async throws {
        let scratch = try EditScratch("edit-drift")
        defer { scratch.remove() }
        try scratch.place("/etc/default/docker", "DOCKER_OPTS=\n")
        try scratch.place("/etc/docker/daemon.json", "{\"debug\": true}\n")
        let before = scratch.tree()
        let edits = [
            PlannedFileEdit(path: "/etc/default/docker", before: "DOCKER_OPTS=\n", after: "", reason: "first"),
            PlannedFileEdit(path: "/etc/docker/daemon.json", before: "{}\n", after: "{\"a\": 1}\n", reason: "drift"),
        ]
        let error = await #expect(throws: FileEditError.self) {
            _ = try await editor.apply(edits, hostRoot: scratch.hostRoot) { _, _ in }
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(scratch.path("/etc/docker/daemon.json")), "\(message)")
        #expect(message.contains("changed") && message.contains("plan again"), "\(message)")
        #expect(scratch.tree() == before, "no backup, no temporary file, nothing written")
        #expect(scratch.bytes("/etc/default/docker") == Array("DOCKER_OPTS=\n".utf8))
    }

    @Test("a file the plan creates but that exists now is refused")
    func refusesExistingNewFile() async throws {
        let scratch = try EditScratch("edit-exists")
        defer { scratch.remove() }
        try scratch.place("/etc/docker/daemon.json", "{}\n")
        let edit = PlannedFileEdit(path: "/etc/docker/daemon.json", before: nil, after: "{\"a\": 1}\n", reason: "x")
        let error = await #expect(throws: FileEditError.self) {
            _ = try await editor.apply([edit], hostRoot: scratch.hostRoot) { _, _ in }
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(scratch.path("/etc/docker/daemon.json")) && message.contains("plan again"))
        #expect(scratch.bytes("/etc/docker/daemon.json") == Array("{}\n".utf8))
        #expect(scratch.tree() == ["etc", "etc/docker", "etc/docker/daemon.json"])
    }

    @Test("symbolic links and the same file twice are refused")
    func refusesLinksAndDuplicates() async throws {
        let scratch = try EditScratch("edit-link")
        defer { scratch.remove() }
        try scratch.place("/etc/real.json", "{}\n")
        try FileManager.default.createDirectory(atPath: scratch.path("/etc/docker"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path("/etc/docker/daemon.json"), withDestinationPath: "../real.json")
        let linked = PlannedFileEdit(path: "/etc/docker/daemon.json", before: "{}\n", after: "{}", reason: "x")
        await #expect(throws: FileEditError.self) {
            _ = try await editor.apply([linked], hostRoot: scratch.hostRoot) { _, _ in }
        }
        let plain = PlannedFileEdit(path: "/etc/real.json", before: "{}\n", after: "{}", reason: "x")
        let twice = PlannedFileEdit(path: "/etc/../etc/real.json", before: "{}\n", after: "[]", reason: "y")
        let error = await #expect(throws: FileEditError.self) {
            _ = try await editor.apply([plain, twice], hostRoot: scratch.hostRoot) { _, _ in }
        }
        #expect(error.map { "\($0)" }?.contains("twice") == true)
        #expect(scratch.bytes("/etc/real.json") == Array("{}\n".utf8))
    }

    @Test("a failure in the middle rolls back the files written before it")
    func failureInTheMiddle() async throws {
        let scratch = try EditScratch("edit-middle")
        defer { scratch.remove() }
        try scratch.place("/etc/docker/daemon.json", "{\"storage-driver\": \"devicemapper\"}", mode: 0o600)
        try scratch.place("/etc/sysconfig/docker", "OPTIONS=--selinux-enabled\n")
        try scratch.place("/etc/sysconfig/docker-storage", "DOCKER_STORAGE_OPTIONS=--storage-driver devicemapper\n")
        let originals = ["/etc/docker/daemon.json", "/etc/sysconfig/docker", "/etc/sysconfig/docker-storage"]
            .map { ($0, scratch.bytes($0), scratch.facts($0)) }
        let edits = [
            PlannedFileEdit(
                path: "/etc/docker/daemon.json", before: "{\"storage-driver\": \"devicemapper\"}",
                after: "{\"storage-driver\": \"overlay2\"}", reason: "1"),
            PlannedFileEdit(
                path: "/etc/systemd/system/docker.service.d/drivershift.conf", before: nil, after: "[Service]\n",
                reason: "2"),
            PlannedFileEdit(
                path: "/etc/sysconfig/docker", before: "OPTIONS=--selinux-enabled\n", after: "OPTIONS=\n", reason: "3"),
            PlannedFileEdit(
                path: "/etc/sysconfig/docker-storage",
                before: "DOCKER_STORAGE_OPTIONS=--storage-driver devicemapper\n", after: "DOCKER_STORAGE_OPTIONS=\n",
                reason: "4"),
        ]
        let error = await #expect(throws: FileEditError.self) {
            _ = try await editor.apply(edits, hostRoot: scratch.hostRoot) { edit, _ in
                if edit.path == "/etc/sysconfig/docker" { throw ScratchFailure("refused by the test validator") }
            }
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(scratch.path("/etc/sysconfig/docker")), "\(message)")
        #expect(message.contains("refused by the test validator"))
        #expect(message.contains("rolled back: /etc/docker/daemon.json, /etc/systemd/system/docker.service.d"))
        for (path, bytes, facts) in originals {
            #expect(scratch.bytes(path) == bytes, "\(path) holds its old bytes")
            #expect(scratch.facts(path) == facts, "\(path) keeps owner and mode")
        }
        #expect(scratch.facts("/etc/systemd") == nil, "the created drop-in and its directories are gone")
        #expect(!scratch.tree().contains { $0.hasSuffix(".tmp") }, "\(scratch.tree())")
        #expect(!scratch.tree().contains { $0.hasPrefix("etc/sysconfig/docker-storage.drivershift-") })
    }

    @Test("a refused validation leaves the original untouched and no temporary file behind")
    func validationFailure() async throws {
        let scratch = try EditScratch("edit-invalid")
        defer { scratch.remove() }
        let json = "{\"storage-driver\": \"devicemapper\"}\n"
        try scratch.place("/etc/docker/daemon.json", json, mode: 0o600, owner: Nobody.user, group: Nobody.group)
        let edit = PlannedFileEdit(path: "/etc/docker/daemon.json", before: json, after: "{oops", reason: "bad")
        let validator = DockerdValidator(dockerdPath: "/nonexistent/dockerd", supportsValidate: false)
        var seenTemporary: String?
        let error = await #expect(throws: FileEditError.self) {
            _ = try await editor.apply([edit], hostRoot: scratch.hostRoot) { edit, temporary in
                seenTemporary = temporary
                try await validator.validate(edit, temporaryPath: temporary)
            }
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("/etc/docker/daemon.json") && message.contains("not valid JSON"), "\(message)")
        let temporary = try #require(seenTemporary)
        #expect(temporary.hasPrefix(scratch.path("/etc/docker/")), "the temporary file is beside the target")
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(scratch.bytes("/etc/docker/daemon.json") == Array(json.utf8))
        #expect(
            scratch.facts("/etc/docker/daemon.json")
                == EditScratch.Facts(
                    mode: 0o600, owner: Nobody.user, group: Nobody.group))
        #expect(!scratch.tree().contains { $0.hasSuffix(".tmp") }, "\(scratch.tree())")
    }

    @Test("an edit that changes nothing is checked but not written")
    func unchangedFileIsNotWritten() async throws {
        let scratch = try EditScratch("edit-noop")
        defer { scratch.remove() }
        try scratch.place("/etc/docker/daemon.json", "{}\n")
        let edit = PlannedFileEdit(path: "/etc/docker/daemon.json", before: "{}\n", after: "{}\n", reason: "none")
        let applied = try await editor.apply([edit], hostRoot: scratch.hostRoot) { _, _ in
            throw ScratchFailure("nothing to validate")
        }
        #expect(applied.isEmpty)
        #expect(scratch.tree() == ["etc", "etc/docker", "etc/docker/daemon.json"])
    }
}

private func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
    zip(a, zip(b, c)).map { ($0, $1.0, $1.1) }
}
