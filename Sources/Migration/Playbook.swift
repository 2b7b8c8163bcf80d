import Foundation
import Yams

/// A migration recipe: the ordered steps the engine runs, as data (`playbooks/overlay2.yaml`).
public struct Playbook: Sendable, Codable, Equatable {
    public static let currentFormat = 1

    public struct Step: Sendable, Codable, Equatable {
        public var name: String
        public var parameters: [String: String]?
    }

    public var format: Int
    public var name: String
    public var description: String
    /// `overlay2` or `direct-lvm`.
    public var target: String
    public var steps: [Step]

    /// Parses and checks a playbook: known format, known target, known steps, no step twice.
    public static func parse(_ text: String, path: String) throws -> Playbook {
        let playbook: Playbook
        do {
            playbook = try YAMLDecoder().decode(Playbook.self, from: text)
        } catch {
            throw MigrationError.badPlaybook(path: path, reason: "\(error)")
        }
        guard playbook.format == currentFormat else {
            throw MigrationError.badPlaybook(
                path: path, reason: "format \(playbook.format); this drivershift reads format \(currentFormat)")
        }
        guard ["overlay2", "direct-lvm"].contains(playbook.target) else {
            throw MigrationError.badPlaybook(
                path: path, reason: "target \(playbook.target): must be overlay2 or direct-lvm")
        }
        var seen: Set<String> = []
        for step in playbook.steps {
            guard StepCatalog.names.contains(step.name) else {
                throw MigrationError.badPlaybook(
                    path: path,
                    reason: "unknown step \(step.name); known steps: \(StepCatalog.names.joined(separator: ", "))")
            }
            guard seen.insert(step.name).inserted else {
                throw MigrationError.badPlaybook(path: path, reason: "step \(step.name) appears twice")
            }
        }
        return playbook
    }

    /// Finds `<name>.yaml`: $DRIVERSHIFT_PLAYBOOKS, then next to the binary (`playbooks/`,
    /// `../share/drivershift/playbooks/`), then /usr/share/drivershift/playbooks, then a source checkout's
    /// `playbooks/` above the binary (a development build).
    public static func load(named name: String, executablePath: String = CommandLine.arguments[0]) throws -> Playbook {
        let searched = searchDirectories(executablePath: executablePath)
        for directory in searched {
            let path = directory + "/" + name + ".yaml"
            if let data = FileManager.default.contents(atPath: path) {
                return try parse(String(decoding: data, as: UTF8.self), path: path)
            }
        }
        throw MigrationError.unknownPlaybook(name: name, searched: searched)
    }

    public static func load(path: String) throws -> Playbook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MigrationError.badPlaybook(path: path, reason: "it cannot be read (missing or no permission)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func searchDirectories(executablePath: String) -> [String] {
        var directories: [String] = []
        if let configured = ProcessInfo.processInfo.environment["DRIVERSHIFT_PLAYBOOKS"] {
            directories.append(configured)
        }
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(binary.appendingPathComponent("playbooks").path)
        directories.append(binary.appendingPathComponent("../share/drivershift/playbooks").standardized.path)
        directories.append("/usr/share/drivershift/playbooks")
        var ancestor = binary
        for _ in 0..<5 {
            ancestor = ancestor.deletingLastPathComponent()
            let candidate = ancestor.appendingPathComponent("playbooks")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("overlay2.yaml").path) {
                directories.append(candidate.path)
                break
            }
        }
        return directories
    }
}
