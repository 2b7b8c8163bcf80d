import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Applies planned host file edits the way a careful operator would: check that every file still holds what
/// the plan saw, keep a byte-for-byte backup next to each file, write a temporary file with the original's
/// owner and mode, validate it, and rename it into place; and undoes all of that from the backups.
///
/// Every write is fsync'd (file, then its directory) before the next step, so a power cut leaves either the
/// old or the new file, never half of one, and never a new file without its backup.
public struct HostFileEditor: Sendable {
    /// The clock for backup names (`daemon.json.drivershift-20240131T120000Z.bak`).
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Applies `edits` in order. Refuses before writing anything when a file changed since planning or a file
    /// to create exists. `validate` gets each edit with the real path of its fully written temporary file and
    /// throws to refuse it. When any edit fails, the ones already applied by this call are rolled back first.
    /// Edits that change nothing are checked but not written, and are absent from the result.
    public func apply(
        _ edits: [PlannedFileEdit], hostRoot: HostRoot,
        validate: (PlannedFileEdit, String) async throws -> Void
    ) async throws -> [AppliedFileEdit] {
        let targets = try check(edits, hostRoot: hostRoot)
        var applied: [AppliedFileEdit] = []
        for (edit, target) in targets {
            do {
                try await applyOne(edit, target: target, hostRoot: hostRoot, validate: validate, into: &applied)
            } catch let error as FileEditError {
                throw undo(applied, hostRoot: hostRoot, cause: error)
            } catch {
                let cause = FileEditError.fileOperationFailed(path: target, operation: "edit", reason: "\(error)")
                throw undo(applied, hostRoot: hostRoot, cause: cause)
            }
        }
        return applied
    }

    /// Undoes `applied` in reverse order: files restored from their backups (bytes, owner, mode, times),
    /// created files removed while they still hold what was written, created directories removed while empty.
    /// Returns notes about what was deliberately kept; throws when something could not be restored (after
    /// trying all the others). Backups are never deleted.
    public func rollback(_ applied: [AppliedFileEdit], hostRoot: HostRoot) throws -> [String] {
        var warnings: [String] = []
        var problems: [String] = []
        for record in applied.reversed() {
            do {
                try rollbackOne(record, hostRoot: hostRoot, warnings: &warnings)
            } catch {
                problems.append("\(error)")
            }
        }
        guard problems.isEmpty else { throw FileEditError.rollbackIncomplete(problems: problems, warnings: warnings) }
        return warnings
    }

    // MARK: - Apply

    /// Every refusal that can be known up front, before the first byte is written.
    private func check(_ edits: [PlannedFileEdit], hostRoot: HostRoot) throws -> [(PlannedFileEdit, String)] {
        var seen = Set<String>()
        var targets: [(PlannedFileEdit, String)] = []
        for edit in edits {
            let target = hostRoot.resolve(edit.path)
            guard seen.insert(target).inserted else { throw FileEditError.duplicateEdit(path: target) }
            if let info = try FileCalls.status(target) {
                guard FileCalls.isRegularFile(info) else {
                    throw FileEditError.notARegularFile(path: target, kind: FileCalls.kind(of: target, info))
                }
                guard let before = edit.before else { throw FileEditError.alreadyExists(path: target) }
                try requireUnchanged(target, before: before)
            } else if edit.before != nil {
                throw FileEditError.changedSincePlanning(path: target, detail: "was deleted")
            } else {
                _ = try missingDirectories(above: target, hostRoot: hostRoot)
            }
            if !edit.changesNothing { targets.append((edit, target)) }
        }
        return targets
    }

    /// The current bytes, which must be exactly the plan's `before`.
    @discardableResult
    private func requireUnchanged(_ target: String, before: String) throws -> [UInt8] {
        let current = try FileCalls.readAll(target)
        let expected = Array(before.utf8)
        guard current == expected else {
            throw FileEditError.changedSincePlanning(
                path: target, detail: "was changed (\(current.count) bytes now, \(expected.count) when planned)")
        }
        return current
    }

    private func applyOne(
        _ edit: PlannedFileEdit, target: String, hostRoot: HostRoot,
        validate: (PlannedFileEdit, String) async throws -> Void,
        into applied: inout [AppliedFileEdit]
    ) async throws {
        let directory = FileCalls.parent(of: target)
        var createdDirectories: [String] = []
        var temporary: String?
        do {
            let ownership: FileCalls.Ownership
            var backup: String?
            if let before = edit.before {
                // Read again: the backup must be exactly the bytes the plan saw, even if a moment has passed.
                let current = try requireUnchanged(target, before: before)
                guard let info = try FileCalls.status(target), FileCalls.isRegularFile(info) else {
                    throw FileEditError.changedSincePlanning(path: target, detail: "was replaced")
                }
                backup = try writeBackup(current, of: target, ownership: FileCalls.Ownership(of: info))
                ownership = FileCalls.Ownership(user: info.st_uid, group: info.st_gid, mode: info.st_mode & 0o7777)
            } else {
                guard try FileCalls.status(target) == nil else { throw FileEditError.alreadyExists(path: target) }
                for path in try missingDirectories(above: target, hostRoot: hostRoot) {
                    try FileCalls.makeDirectory(path)
                    createdDirectories.append(path)
                    try FileCalls.syncDirectory(FileCalls.parent(of: path))
                }
                ownership = FileCalls.Ownership(user: 0, group: 0, mode: mode_t(edit.newFileMode & 0o7777))
            }
            let bytes = Array(edit.after.utf8)
            let written = try FileCalls.createTemporaryFile(beside: target, bytes: bytes, ownership: ownership)
            temporary = written
            do {
                try await validate(edit, written)
            } catch let error as FileEditError {
                if case .validationFailed = error { throw error }
                throw FileEditError.validationFailed(path: target, reason: "\(error)")
            } catch {
                throw FileEditError.validationFailed(path: target, reason: "\(error)")
            }
            try FileCalls.rename(written, over: target)
            temporary = nil
            applied.append(
                AppliedFileEdit(
                    path: edit.path, backupPath: backup.map(hostRoot.hostPath(of:)),
                    createdDirectories: createdDirectories.map(hostRoot.hostPath(of:)),
                    writtenSHA256: SHA256Digest.hex(of: bytes), createdFile: edit.before == nil))
            createdDirectories = []
            try FileCalls.syncDirectory(directory)
        } catch {
            // Only this edit's own leftovers; once renamed, the record in `applied` covers it.
            if let temporary { unlink(temporary) }
            for path in createdDirectories.reversed() { _ = FileCalls.removeDirectory(path) }
            throw error
        }
    }

    /// Directories between the host root and `target` that do not exist yet, outermost first.
    private func missingDirectories(above target: String, hostRoot: HostRoot) throws -> [String] {
        var missing: [String] = []
        var directory = FileCalls.parent(of: target)
        let top = hostRoot.isLive ? "/" : hostRoot.prefix
        while directory != top && directory != "/" {
            // Following links: /var/run is a link to /run on most hosts.
            if let info = try FileCalls.status(directory, following: true) {
                guard FileCalls.isDirectory(info) else {
                    throw FileEditError.notARegularFile(path: directory, kind: "in the way of \(target)")
                }
                break
            }
            missing.insert(directory, at: 0)
            directory = FileCalls.parent(of: directory)
        }
        return missing
    }

    /// `<file>.drivershift-<UTC time>.bak` next to the file, made exclusively (a second backup in the same
    /// second gets `-2`), with the original's owner, mode and times, fsync'd together with its directory.
    private func writeBackup(_ bytes: [UInt8], of target: String, ownership: FileCalls.Ownership) throws -> String {
        let stamp = Self.timestamp(now())
        for attempt in 1...100 {
            let suffix = attempt == 1 ? "" : "-\(attempt)"
            let path = "\(target).drivershift-\(stamp)\(suffix).bak"
            if try FileCalls.createFile(path, bytes: bytes, ownership: ownership) {
                try FileCalls.syncDirectory(FileCalls.parent(of: target))
                return path
            }
        }
        throw FileEditError.fileOperationFailed(
            path: target, operation: "back up", reason: "100 backups named for \(stamp) exist already")
    }

    /// `yyyyMMddTHHmmssZ` in UTC.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    /// Rolls back what this call applied and returns the error to throw: `cause`, with what was restored.
    private func undo(_ applied: [AppliedFileEdit], hostRoot: HostRoot, cause: FileEditError) -> FileEditError {
        guard !applied.isEmpty else { return cause }
        do {
            let warnings = try rollback(applied, hostRoot: hostRoot)
            return .earlierEditsRolledBack(cause, restored: applied.map(\.path), warnings: warnings)
        } catch let FileEditError.rollbackIncomplete(problems, warnings) {
            return .rollbackIncomplete(problems: ["\(cause)"] + problems, warnings: warnings)
        } catch {
            return .rollbackIncomplete(problems: ["\(cause)", "\(error)"], warnings: [])
        }
    }

    // MARK: - Rollback

    private func rollbackOne(_ record: AppliedFileEdit, hostRoot: HostRoot, warnings: inout [String]) throws {
        let target = hostRoot.resolve(record.path)
        if let backupPath = record.backupPath {
            try restore(target, from: hostRoot.resolve(backupPath), record: record, warnings: &warnings)
        } else if let info = try FileCalls.status(target) {
            let ours =
                FileCalls.isRegularFile(info)
                ? SHA256Digest.hex(of: try FileCalls.readAll(target)) == record.writtenSHA256 : false
            guard ours else {
                // Its directories hold it, so they stay too; one note says why.
                warnings.append(
                    "kept \(target): it was changed after drivershift created it; remove it by hand if unwanted")
                return
            }
            try FileCalls.removeFile(target)
            try FileCalls.syncDirectory(FileCalls.parent(of: target))
        }
        for directory in record.createdDirectories.reversed().map(hostRoot.resolve) {
            switch FileCalls.removeDirectory(directory) {
            case 0: try FileCalls.syncDirectory(FileCalls.parent(of: directory))
            case ENOENT: continue
            case ENOTEMPTY, EEXIST:
                // The directories above hold this one, so they are not empty either.
                warnings.append("kept the directory \(directory): it is not empty")
                return
            case let code: throw FileCalls.failure(directory, "remove the directory", code: code)
            }
        }
    }

    /// Puts the backup's bytes, owner, mode and times back atomically. A version edited after the switch is
    /// saved as one more backup first, so rollback never destroys anyone's work.
    private func restore(
        _ target: String, from backup: String, record: AppliedFileEdit, warnings: inout [String]
    ) throws {
        guard let backupInfo = try FileCalls.status(backup), FileCalls.isRegularFile(backupInfo) else {
            throw FileEditError.fileOperationFailed(
                path: target, operation: "restore", reason: "its backup \(backup) is gone")
        }
        let bytes = try FileCalls.readAll(backup)
        if let info = try FileCalls.status(target), FileCalls.isRegularFile(info) {
            let current = try FileCalls.readAll(target)
            if current != bytes && SHA256Digest.hex(of: current) != record.writtenSHA256 {
                let kept = try writeBackup(current, of: target, ownership: FileCalls.Ownership(of: info))
                warnings.append("\(target) was changed after drivershift wrote it; that version is kept as \(kept)")
            }
        }
        let temporary = try FileCalls.createTemporaryFile(
            beside: target, bytes: bytes, ownership: FileCalls.Ownership(of: backupInfo))
        do {
            try FileCalls.rename(temporary, over: target)
        } catch {
            unlink(temporary)
            throw error
        }
        try FileCalls.syncDirectory(FileCalls.parent(of: target))
    }
}
