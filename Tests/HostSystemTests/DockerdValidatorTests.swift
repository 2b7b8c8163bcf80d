import Foundation
import Testing

@testable import HostSystem

@Suite("dockerd --validate detection and daemon.json validation")
struct DockerdValidatorTests {
    static let dockerd = "/usr/sbin/dockerd"

    @Test("the installed dockerd offers --validate exactly when `dockerd --version` is 23 or later")
    func detectsRealDockerd() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.dockerd) else {
            Issue.record("\(Self.dockerd) is missing: install Debian's docker.io (20.10) to run this test")
            return
        }
        let version = try await CommandRunner().check(Command(Self.dockerd, ["--version"])).standardOutput
        // "Docker version 20.10.24+dfsg1, build 5d6db84"
        let number = try #require(version.split(separator: " ").dropFirst(2).first, "no version in \(version)")
        let major = try #require(Int(number.split(separator: ".")[0]), "no major version in \(version)")
        let validator = try await DockerdValidator.detect(dockerdPath: Self.dockerd)
        #expect(validator.supportsValidate == (major >= 23), "dockerd \(number)")
    }

    @Test("JSON is always checked: an object passes, an array or broken text does not")
    func parsesJSON() async throws {
        let scratch = try EditScratch("validate-json")
        defer { scratch.remove() }
        let validator = DockerdValidator(dockerdPath: "/nonexistent/dockerd", supportsValidate: false)
        let edit = PlannedFileEdit(path: "/etc/docker/daemon.json", before: nil, after: "", reason: "x")
        let cases: [(String, String?)] = [
            ("{\"a\": [1], \"b,\": \"],\\\"}\"}", nil), ("[1]", "top level"),
            ("{\"a\": ", "not valid JSON: Unexpected end of file"),
            // Foundation accepts these; dockerd (Go) refuses them.
            ("{\"a\": 1,\n}", "trailing comma at line 1, column 8"), ("{\"a\": [1, ]}", "line 1, column 9"),
        ]
        for (text, problem) in cases {
            try scratch.place("/daemon.json", text)
            if let problem {
                let error = await #expect(throws: FileEditError.self) {
                    try await validator.validate(edit, temporaryPath: scratch.path("/daemon.json"))
                }
                let message = error.map { "\($0)" } ?? ""
                #expect(message.contains(problem) && message.contains("/etc/docker/daemon.json"), "\(message)")
            } else {
                try await validator.validate(edit, temporaryPath: scratch.path("/daemon.json"))
            }
        }
    }

    @Test("with a dockerd that has --validate, the temporary file is validated by it and a refusal stops the edit")
    func supportedValidate() async throws {
        let scratch = try EditScratch("validate-fake")
        defer { scratch.remove() }
        let fake = try FakeDockerd(in: scratch.root)
        let validator = try await DockerdValidator.detect(dockerdPath: fake.path)
        #expect(validator.supportsValidate)

        let original = "{\"storage-driver\": \"devicemapper\"}\n"
        try scratch.place("/etc/docker/daemon.json", original)
        let editor = HostFileEditor()
        let good = PlannedFileEdit(
            path: "/etc/docker/daemon.json", before: original, after: "{\"storage-driver\": \"overlay2\"}\n",
            reason: "switch")
        let applied = try await editor.apply([good], hostRoot: scratch.hostRoot, validate: validator.validate)
        #expect(applied.count == 1)
        let calls = fake.calls()
        #expect(calls.count == 2, "--help once, then one validation: \(calls)")
        #expect(calls.first == "--help")
        let validation = calls.last?.split(separator: " ").map(String.init) ?? []
        #expect(validation.count == 3 && Array(validation.prefix(2)) == ["--validate", "--config-file"])
        #expect(validation.last?.hasPrefix(scratch.path("/etc/docker/.daemon.json.drivershift-")) == true)

        let bad = PlannedFileEdit(
            path: "/etc/docker/daemon.json", before: good.after, after: "{\"forbidden-key\": true}\n",
            reason: "refused by dockerd")
        let error = await #expect(throws: FileEditError.self) {
            _ = try await editor.apply([bad], hostRoot: scratch.hostRoot, validate: validator.validate)
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("the following directives don't match any configuration option: forbidden-key"))
        #expect(message.contains("--validate --config-file"), "\(message)")
        #expect(scratch.bytes("/etc/docker/daemon.json") == Array(good.after.utf8))
        #expect(!scratch.tree().contains { $0.hasSuffix(".tmp") }, "\(scratch.tree())")
    }

    @Test("only a --validate flag of its own counts in the help text")
    func readsHelpText() {
        let old = "Usage:\tdockerd [OPTIONS]\n      --userns-remap string    User/Group setting for user namespaces\n"
        let new = old + "      --validate                               Validate daemon configuration and exit\n"
        #expect(!DockerdValidator.listsValidateFlag(old))
        #expect(DockerdValidator.listsValidateFlag(new))
        #expect(!DockerdValidator.listsValidateFlag("--validate-something  other flag"))
    }
}

/// A stand-in dockerd (a shell script) that has `--validate`, refuses files naming `forbidden-key` the way
/// dockerd 24 words it, and records each argv on a line of `calls.log`.
struct FakeDockerd {
    let path: String
    let log: String

    init(in directory: String) throws {
        path = directory + "/fake-dockerd"
        log = directory + "/calls.log"
        let script = """
            #!/bin/sh
            echo "$*" >> '\(log)'
            case "$1" in
              --help)
                echo "Usage:	dockerd [OPTIONS]"
                echo "      --validate     Validate daemon configuration and exit"
                exit 0 ;;
              --validate)
                if grep -q forbidden-key "$3"; then
                  echo "unable to configure the Docker daemon with file $3: the following directives don't match any configuration option: forbidden-key" >&2
                  exit 1
                fi
                echo "configuration OK"
                exit 0 ;;
            esac
            exit 2

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    func calls() -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
