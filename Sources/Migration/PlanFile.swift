import Foundation
import Yams

/// The plan as a YAML file: what `plan -o` writes and `run --plan` reads.
public enum PlanFile {
    /// Only the version, read first so that a plan from another drivershift gets the right message.
    private struct VersionProbe: Decodable {
        var formatVersion: Int?
    }

    public static func encode(_ plan: MigrationPlan) throws -> String {
        "# drivershift plan: review it, then `drivershift run --plan FILE`. Do not edit: run checks the host "
            + "fingerprint.\n" + (try YAMLEncoder().encode(plan))
    }

    public static func write(_ plan: MigrationPlan, to path: String) throws {
        let text = try encode(plan)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw MigrationError.unreadablePlan(path: path, reason: "it cannot be written: \(error)")
        }
    }

    public static func read(_ path: String) throws -> MigrationPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MigrationError.unreadablePlan(path: path, reason: "it does not exist or cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        let probe: VersionProbe
        do {
            probe = try YAMLDecoder().decode(VersionProbe.self, from: text)
        } catch {
            throw MigrationError.unreadablePlan(path: path, reason: "not YAML (\(error))")
        }
        guard let version = probe.formatVersion else {
            throw MigrationError.unreadablePlan(path: path, reason: "it has no formatVersion")
        }
        guard version == MigrationPlan.currentFormatVersion else {
            throw MigrationError.unknownFormatVersion(path: path, found: version)
        }
        do {
            return try YAMLDecoder().decode(MigrationPlan.self, from: text)
        } catch {
            throw MigrationError.unreadablePlan(path: path, reason: "\(error)")
        }
    }
}
