/// Every step a playbook may name, in the one order that makes sense; the engine builds steps from here.
public enum StepCatalog {
    public static let names = [
        "preflight", "export", "verify-export", "stop-daemon", "set-aside", "provision", "write-config",
        "start-daemon", "import", "verify-import", "restore-tags", "verify-volumes", "containers", "report",
    ]

    /// The steps of `plan`, as runnable values.
    public static func steps(for plan: MigrationPlan) -> [any MigrationStep] {
        plan.steps.compactMap { step(named: $0.name) }
    }

    static func step(named name: String) -> (any MigrationStep)? {
        switch name {
        case "preflight": return PreflightStep()
        case "export": return ExportStep()
        case "verify-export": return VerifyExportStep()
        case "stop-daemon": return StopDaemonStep()
        case "set-aside": return SetAsideStep()
        case "provision": return ProvisionStep()
        case "write-config": return WriteConfigStep()
        case "start-daemon": return StartDaemonStep()
        case "import": return ImportStep()
        case "verify-import": return VerifyImportStep()
        case "restore-tags": return RestoreTagsStep()
        case "verify-volumes": return VerifyVolumesStep()
        case "containers": return ContainersStep()
        case "report": return ReportStep()
        default: return nil
        }
    }
}
