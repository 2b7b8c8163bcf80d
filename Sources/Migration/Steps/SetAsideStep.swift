import Foundation

/// Moves the old driver's state aside, inside the data root (a rename on the same filesystem: instant, and
/// nothing is copied or deleted): `<driver>/` (with a loop-lvm pool's data and metadata files),
/// `image/<driver>/` and `containers/`. Volumes stay where they are. Each move is journaled before it happens,
/// so a crash in between is finished by the next attempt and a rollback moves exactly these back.
public struct SetAsideStep: MigrationStep {
    public let name = "set-aside"

    public init() {}

    /// The data-root-relative paths that belong to the old driver's daemon.
    static func paths(driver: String) -> [String] { [driver, "image/\(driver)", "containers"] }

    static func setAsideRoot(_ context: MigrationContext) -> String {
        context.plan.host.dataRoot + "/drivershift-set-aside/" + context.plan.fingerprint.digest.prefix(12)
    }

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        guard let driver = context.plan.host.sourceDriver else {
            return .skipped(reason: "no source driver: nothing to set aside")
        }
        let fileManager = FileManager.default
        var moved = false
        for relative in Self.paths(driver: driver) {
            let source = context.resolve(context.plan.host.dataRoot + "/" + relative)
            let destination = context.resolve(Self.setAsideRoot(context) + "/" + relative)
            if fileManager.fileExists(atPath: destination) {
                guard !fileManager.fileExists(atPath: source) || Self.isEmptyDirectory(source) else {
                    throw MigrationError.stepFailed(
                        step: name,
                        reason: "both \(source) and \(destination) exist; an earlier attempt moved it and something "
                            + "wrote a new one since. Look at both and move one away by hand, then resume.")
                }
                if fileManager.fileExists(atPath: source) { try fileManager.removeItem(atPath: source) }
                continue
            }
            guard fileManager.fileExists(atPath: source) else { continue }
            try fileManager.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try context.record(step: name, ["moved.\(relative)": destination])
            try Self.rename(source, to: destination)
            context.note(name, "moved \(source) to \(destination)")
            moved = true
        }
        return moved ? .changed : .ok
    }

    public func verify(_ context: MigrationContext) async throws {
        guard let driver = context.plan.host.sourceDriver else { return }
        for relative in Self.paths(driver: driver) {
            let source = context.resolve(context.plan.host.dataRoot + "/" + relative)
            if FileManager.default.fileExists(atPath: source) && !Self.isEmptyDirectory(source) {
                throw MigrationError.stepFailed(step: name, reason: "\(source) is still there after the move")
            }
        }
    }

    /// Moves everything back; a directory the new daemon created in the meantime is moved aside too if it
    /// holds anything (never deleted), or removed if empty.
    public func rollback(_ context: MigrationContext) async throws {
        guard let driver = context.plan.host.sourceDriver else { return }
        let fileManager = FileManager.default
        for relative in Self.paths(driver: driver).reversed() {
            let original = context.resolve(context.plan.host.dataRoot + "/" + relative)
            let setAside = context.resolve(Self.setAsideRoot(context) + "/" + relative)
            guard fileManager.fileExists(atPath: setAside) else { continue }
            if fileManager.fileExists(atPath: original) {
                if Self.isEmptyDirectory(original) {
                    try fileManager.removeItem(atPath: original)
                } else {
                    let newer = context.resolve(
                        Self.setAsideRoot(context) + "/after-rollback-\(Int(Date().timeIntervalSince1970))/" + relative)
                    try fileManager.createDirectory(
                        atPath: (newer as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Self.rename(original, to: newer)
                    context.note(name, "kept what the new daemon wrote in \(original) at \(newer)")
                }
            }
            try Self.rename(setAside, to: original)
            context.note(name, "moved \(setAside) back to \(original)")
        }
    }

    static func isEmptyDirectory(_ path: String) -> Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false
    }

    static func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            throw MigrationError.stepFailed(
                step: "set-aside", reason: "cannot move \(source) to \(destination): \(reason)")
        }
    }
}
