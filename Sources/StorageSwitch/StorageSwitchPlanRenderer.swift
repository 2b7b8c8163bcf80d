import HostConfig
import HostSystem
import Preflight

/// The plan as text for a person: preflight findings, every file change as a unified diff, every command.
public struct StorageSwitchPlanRenderer: Sendable {
    public init() {}

    public func render(_ plan: StorageSwitchPlan) -> String {
        var text = "SWITCH \(plan.previousDriver ?? "(no driver set)") -> \(plan.target)"
        text += plan.hostRoot == "/" ? "\n" : " (host root \(plan.hostRoot))\n"
        text += "\nPREFLIGHT\n" + PreflightTableRenderer().render(plan.preflight)
        text += "\nFILES (\(plan.fileEdits.count))\n"
        if plan.fileEdits.isEmpty { text += "  no file changes\n" }
        for edit in plan.fileEdits {
            text += "# \(edit.path): \(edit.reason)\n" + UnifiedDiff.render(edit)
            if !text.hasSuffix("\n") { text += "\n" }
        }
        text += "\nCOMMANDS, in order\n"
        for (number, line) in commandLines(plan).enumerated() { text += "  \(number + 1). \(line)\n" }
        return text
    }

    /// Each command and each write as it will happen, numbered by the caller.
    func commandLines(_ plan: StorageSwitchPlan) -> [String] {
        var lines = plan.stopCommands.map(\.description)
        if let provisioning = plan.provisioning {
            lines += provisioning.steps.map { step in step.action.command?.description ?? step.description }
        }
        lines += plan.fileEdits.map { edit in
            edit.createsFile
                ? "create \(edit.path) (mode \(String(edit.newFileMode, radix: 8)))"
                : "write \(edit.path) (atomic, backup kept next to it)"
        }
        lines += plan.startCommands.map(\.description)
        lines.append("wait until dockerd answers with storage driver \(plan.target.driverName)")
        return lines
    }
}
