import StorageSwitch

/// Turns the playbook's step names into the plan's steps: concrete parameters, a sentence and the commands.
struct PlannedStepDescriber {
    let plan: MigrationPlan
    let switchPlan: StorageSwitchPlan

    /// Steps from stop-daemon up to the containers run with dockerd down or on its new driver.
    static let downtimeSteps: Set<String> = [
        "stop-daemon", "set-aside", "provision", "write-config", "start-daemon", "import", "verify-import",
        "restore-tags", "verify-volumes", "containers",
    ]

    func describe(_ playbook: Playbook) -> [PlannedStep] {
        playbook.steps.compactMap { step in
            // A thin pool is only built for direct-lvm: on overlay2 the step is left out of the plan entirely.
            if step.name == "provision" && plan.provisioning == nil { return nil }
            let (summary, commands) = describe(step.name)
            return PlannedStep(
                name: step.name, parameters: step.parameters ?? [:], summary: summary, commands: commands,
                duringDowntime: Self.downtimeSteps.contains(step.name))
        }
    }

    private func describe(_ name: String) -> (String, [String]) {
        let driver = plan.host.sourceDriver ?? "the current driver"
        let bytes = plan.images.reduce(UInt64(0)) { $0 + $1.bytes }
        let commits = plan.containers.filter { $0.committedImage != nil }
        switch name {
        case "preflight":
            return ("Check that the host still matches this plan and that nothing blocks the migration.", [])
        case "export":
            var text = "Export \(plan.images.count) image(s), \(bytes) bytes of layers, to \(plan.exportDirectory)"
            if !commits.isEmpty {
                text = "Commit the writable layer of \(commits.count) container(s) to images, then e" + text.dropFirst()
            }
            return (text + "; each layer once, verified against its diffID.", [])
        case "verify-export":
            return ("Re-hash every blob of the store and check every image is in it, before anything old moves.", [])
        case "stop-daemon":
            return ("Stop dockerd.", switchPlan.stopCommands.map(\.description))
        case "set-aside":
            let paths = SetAsideStep.paths(driver: driver).map { "\(plan.host.dataRoot)/\($0)" }
            return (
                "Move \(paths.joined(separator: ", ")) to \(plan.host.dataRoot)/drivershift-set-aside/"
                    + "\(plan.fingerprint.digest.prefix(12))/ (a rename: nothing copied, nothing deleted; volumes "
                    + "stay).", []
            )
        case "provision":
            let commands = plan.provisioning?.steps.map(\.description) ?? []
            return ("Build the thin pool on \(plan.device ?? "the device").", commands)
        case "write-config":
            return (
                "Write \(plan.fileEdits.count) configuration file(s), atomically with backups: "
                    + plan.fileEdits.map(\.path).joined(separator: ", ") + ".", []
            )
        case "start-daemon":
            return (
                "Start dockerd and wait until it answers with storage driver \(plan.target.driverName).",
                switchPlan.startCommands.map(\.description)
            )
        case "import":
            return ("Load the export store into dockerd, streamed from the store (no tar file is written).", [])
        case "verify-import":
            return ("Check every image ID, diff_id and tag against the export manifest.", [])
        case "restore-tags":
            let digests = plan.images.reduce(0) { $0 + $1.repoDigests.count }
            return (
                "Re-create the tags docker load does not carry"
                    + (digests > 0
                        ? ", and \(digests) RepoDigest(s) (written to repositories.json with dockerd stopped)." : "."),
                []
            )
        case "verify-volumes":
            return (
                "Compare each of the \(plan.volumes.count) volume(s) with the digest taken while dockerd was stopped.",
                []
            )
        case "containers":
            let recreate = plan.containers.filter { $0.action == .recreate || $0.action == .commitAndRecreate }
            return (
                "Create \(recreate.count) container(s) again with their names, configuration, networks, volumes "
                    + "and restart policies; start the ones that were running.", []
            )
        case "report":
            return ("Write the report (json, md, html) to \(plan.stateDirectory).", [])
        default:
            return (name, [])
        }
    }
}
