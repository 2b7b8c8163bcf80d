import Foundation
import HostSystem
import StorageSwitch

/// Writes the plan's config edits (daemon.json, drop-in, sysconfig): atomic, backed up, validated.
///
/// Idempotent from the plan alone: a file that already holds its `after` bytes is done, one that holds its
/// `before` bytes is written, anything else is a change made by someone else and stops the run. The rollback
/// writes the `before` bytes back the same way, so it needs nothing but the plan, even after a crash.
public struct WriteConfigStep: MigrationStep {
    public let name = "write-config"

    public init() {}

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let pending = try context.plan.fileEdits.filter { edit in
            switch try Self.current(edit.path, context) {
            case edit.after: return false
            case edit.before: return true
            default:
                throw MigrationError.stepFailed(
                    step: name,
                    reason: "\(edit.path) holds neither what the plan found nor what it would write: someone changed "
                        + "it since the plan was made. Make a new plan (after a rollback, if one is under way).")
            }
        }
        guard !pending.isEmpty else { return .ok }
        let validator = await ConfigValidation.validator()
        let applied = try await HostFileEditor().apply(pending, hostRoot: context.hostRoot) { edit, temporaryPath in
            if edit.path.hasSuffix(".json") { try await validator.validate(edit, temporaryPath: temporaryPath) }
        }
        for file in applied {
            context.note(name, "wrote \(file.path)" + (file.backupPath.map { " (backup \($0))" } ?? ""))
        }
        return .changed
    }

    public func verify(_ context: MigrationContext) async throws {
        for edit in context.plan.fileEdits where try Self.current(edit.path, context) != edit.after {
            throw MigrationError.stepFailed(step: name, reason: "\(edit.path) does not hold the planned content")
        }
    }

    public func rollback(_ context: MigrationContext) async throws {
        var reverse: [PlannedFileEdit] = []
        for edit in context.plan.fileEdits where try Self.current(edit.path, context) == edit.after {
            if let before = edit.before {
                reverse.append(
                    PlannedFileEdit(path: edit.path, before: edit.after, after: before, reason: "rollback"))
            } else {
                // A file this run created, unchanged since: it goes; nothing else is removed.
                try FileManager.default.removeItem(atPath: context.resolve(edit.path))
                context.note(name, "removed \(edit.path), which this run had created")
            }
        }
        guard !reverse.isEmpty else { return }
        _ = try await HostFileEditor().apply(reverse, hostRoot: context.hostRoot) { _, _ in }
        for edit in reverse { context.note(name, "restored \(edit.path)") }
    }

    /// The file's text now, nil when it does not exist.
    static func current(_ hostPath: String, _ context: MigrationContext) throws -> String? {
        let location = context.resolve(hostPath)
        guard FileManager.default.fileExists(atPath: location) else { return nil }
        return try String(contentsOfFile: location, encoding: .utf8)
    }
}
