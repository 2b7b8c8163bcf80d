/// Why planned host file edits were not applied or not rolled back. Each message names the file and says
/// what to do next; paths are the real locations on this machine (under `--host-root` when one is given).
public enum FileEditError: Error, CustomStringConvertible, Sendable {
    /// The file's bytes are not the plan's `before` (or it vanished): the plan is stale.
    case changedSincePlanning(path: String, detail: String)
    /// The plan creates the file, but something is there already.
    case alreadyExists(path: String)
    case notARegularFile(path: String, kind: String)
    case duplicateEdit(path: String)
    case fileOperationFailed(path: String, operation: String, reason: String)
    /// The new contents were written to `temporaryPath` and refused by the validator; the target is untouched.
    case validationFailed(path: String, reason: String)
    /// A later file failed after earlier ones were written; those were rolled back before this was thrown.
    indirect case earlierEditsRolledBack(FileEditError, restored: [String], warnings: [String])
    /// Rollback could not restore some files; the backups are still next to them.
    case rollbackIncomplete(problems: [String], warnings: [String])
    case dockerdUnusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .changedSincePlanning(let path, let detail):
            return "\(path) \(detail) since the plan was made, so nothing was written. Make the plan again "
                + "and review its new diff."
        case .alreadyExists(let path):
            return "the plan creates \(path), but it exists now, so nothing was written. Make the plan again "
                + "(it will then edit the file instead of creating it)."
        case .notARegularFile(let path, let kind):
            return "\(path) is \(kind), not a regular file; drivershift edits only regular files. Replace it with "
                + "the file it stands for, then make the plan again."
        case .duplicateEdit(let path):
            return "the plan edits \(path) twice; merge the two edits into one and make the plan again."
        case .fileOperationFailed(let path, let operation, let reason):
            return "could not \(operation) \(path): \(reason). Check that you are root and that the file system "
                + "is writable and not full."
        case .validationFailed(let path, let reason):
            return "the new contents of \(path) did not validate, so the file was left as it was:\n\(reason)\n"
                + "Fix the planned change (or the other configuration it conflicts with) and make the plan again."
        case .earlierEditsRolledBack(let cause, let restored, let warnings):
            var text = "\(cause)\nThe files written before it were rolled back: " + restored.joined(separator: ", ")
            if !warnings.isEmpty { text += "\nRollback notes:\n" + warnings.joined(separator: "\n") }
            return text
        case .rollbackIncomplete(let problems, let warnings):
            var text =
                "rollback could not restore everything:\n" + problems.joined(separator: "\n")
                + "\nThe backups (*.drivershift-*.bak) are kept next to each file: copy one back with "
                + "`cp -p BACKUP FILE`."
            if !warnings.isEmpty { text += "\nRollback notes:\n" + warnings.joined(separator: "\n") }
            return text
        case .dockerdUnusable(let path, let reason):
            return "cannot ask \(path) whether it can validate a configuration: \(reason). Check that dockerd "
                + "is installed there (Debian: docker.io, RHEL: docker-ce or docker)."
        }
    }
}
