import HostSystem

/// Every failure of the DirectLVM module: asking LVM about the host, and provisioning or rolling back a pool.
public enum DirectLVMError: Error, CustomStringConvertible, Sendable {
    /// An lvm report command did not give a JSON report (`output` is its stderr tail).
    case lvmReportFailed(Command, exitCode: Int32, output: String)
    /// A volume group of the name provisioning would create already exists.
    case volumeGroupExists(name: String)
    /// The profile file exists with contents this tool did not write.
    case profileConflict(path: String)
    /// The profile directory is missing, so lvm would not find the profile there.
    case profileDirectoryMissing(path: String)
    /// A host file could not be written (atomically) or removed.
    case fileWriteFailed(path: String, reason: String)
    /// A provisioning step failed; `record` holds what had completed before it, for rollback.
    case stepFailed(step: String, command: String, reason: String, record: LVMProvisioningRecord)
    /// The pool was created but `lvs` does not report it as monitored, so it would not autoextend.
    case notMonitored(pool: String, found: String, record: LVMProvisioningRecord)
    /// A rollback action failed; `remaining` are the actions that were not done (this one first).
    case rollbackFailed(action: String, reason: String, remaining: [String])

    public var description: String {
        switch self {
        case .lvmReportFailed(let command, let exitCode, let output):
            let detail = output.isEmpty ? "" : ":\n\(output)"
            return "`\(command)` exited with status \(exitCode) and gave no report\(detail)\nCheck that lvm2 is "
                + "installed and that drivershift runs as root."
        case .volumeGroupExists(let name):
            return "a volume group named \(name) already exists; provisioning would not create it, so it stops "
                + "before touching anything. Choose another volume group name, or remove the group if you are "
                + "sure it is unused (`vgremove \(name)`)."
        case .profileConflict(let path):
            return "\(path) exists with other contents than drivershift would write; it is not overwritten. "
                + "Choose another profile name, or move the file away if it is unused."
        case .profileDirectoryMissing(let path):
            return "\(path) does not exist, so lvm would not find the thin-pool profile. Install lvm2 (it "
                + "creates the directory) and run again."
        case .fileWriteFailed(let path, let reason):
            return "cannot write \(path): \(reason). Check the file system and that drivershift runs as root."
        case .stepFailed(let step, let command, let reason, let record):
            return "provisioning stopped at \"\(step)\": `\(command)` failed: \(reason)\n"
                + Self.completedSummary(record)
        case .notMonitored(let pool, let found, let record):
            return "the thin pool \(pool) was created but lvm reports its monitoring as \"\(found)\", not "
                + "\"monitored\", so it would not be extended automatically. Start lvm2-monitor / dmeventd "
                + "(`systemctl start lvm2-monitor`) and check with `lvs -o+seg_monitor \(pool)`.\n"
                + Self.completedSummary(record)
        case .rollbackFailed(let action, let reason, let remaining):
            return "rollback stopped at \(action): \(reason)\nStill to undo, in this order:\n"
                + remaining.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    private static func completedSummary(_ record: LVMProvisioningRecord) -> String {
        guard !record.completed.isEmpty else { return "Nothing had been changed on the host." }
        return "Completed before it: " + record.completed.map(\.rawValue).joined(separator: ", ")
            + ". Roll back to remove exactly these."
    }
}
