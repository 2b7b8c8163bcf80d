/// Why a plan could not be made, loaded or carried out. Each message says what to do next.
public enum MigrationError: Error, CustomStringConvertible {
    case journal(path: String, reason: String)
    case rollbackFailed(step: String, reason: String)
    case unknownFormatVersion(path: String, found: Int)
    case unreadablePlan(path: String, reason: String)
    case stalePlan(path: String, differences: [String])
    case blocked(count: Int)
    case unknownPlaybook(name: String, searched: [String])
    case badPlaybook(path: String, reason: String)
    case runInProgress(journal: String)
    case noRun(stateDirectory: String)
    case stepFailed(step: String, reason: String)

    public var description: String {
        switch self {
        case .journal(let path, let reason):
            return "the journal \(path) cannot be used: \(reason)"
        case .rollbackFailed(let step, let reason):
            return "rolling back '\(step)' failed: \(reason). Nothing after it was undone, so the host is "
                + "consistent up to that step; fix the cause and run `drivershift rollback --plan PLAN` again."
        case .unknownFormatVersion(let path, let found):
            return "\(path) is a plan of format version \(found); this drivershift reads version "
                + "\(MigrationPlan.currentFormatVersion). Make a new plan with this drivershift (`drivershift plan`)."
        case .unreadablePlan(let path, let reason):
            return "\(path) is not a drivershift plan: \(reason)"
        case .stalePlan(let path, let differences):
            return "the host changed since \(path) was made (\(differences.joined(separator: "; "))); the plan "
                + "no longer shows what would happen. Make a new one with `drivershift plan`."
        case .blocked(let count):
            return "the plan has \(count) preflight blocker(s); fix them and make a new plan"
        case .unknownPlaybook(let name, let searched):
            return "no playbook '\(name)' (looked in \(searched.joined(separator: ", "))). Give one with "
                + "--playbook FILE, or set DRIVERSHIFT_PLAYBOOKS to the directory holding overlay2.yaml."
        case .badPlaybook(let path, let reason):
            return "the playbook \(path) cannot be used: \(reason)"
        case .runInProgress(let journal):
            return "a run of this plan was already started (journal \(journal)); continue it with "
                + "`drivershift resume --plan PLAN` or undo it with `drivershift rollback --plan PLAN`"
        case .noRun(let stateDirectory):
            return "no run of this plan has started (no journal in \(stateDirectory)); nothing to resume or roll back"
        case .stepFailed(let step, let reason):
            return "\(step): \(reason)"
        }
    }
}
