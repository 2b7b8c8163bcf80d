import HostSystem

/// Carries out an `LVMProvisioningPlan` step by step, journaling each completed step, and rolls back exactly
/// what a record says was done.
public struct LVMProvisioner: Sendable {
    /// Called with the record after every change, so a crash loses at most the step that was running.
    public typealias Journal = @Sendable (LVMProvisioningRecord) async throws -> Void

    public var runner: CommandRunner
    /// Where the profile file is written (`/etc/lvm/profile` under it). lvm itself always reads the live host.
    public var hostRoot: HostRoot

    public init(runner: CommandRunner = CommandRunner(), hostRoot: HostRoot = .live) {
        self.runner = runner
        self.hostRoot = hostRoot
    }

    /// Runs every step, then the monitoring check. Refuses before changing anything when the VG exists or
    /// the profile file holds something else. A failing step throws `stepFailed` carrying the record so far.
    @discardableResult
    public func run(_ plan: LVMProvisioningPlan, journal: Journal = { _ in }) async throws -> LVMProvisioningRecord {
        let query = LVMQuery(runner: runner)
        if try await query.volumeGroupNames().contains(plan.settings.volumeGroup) {
            throw DirectLVMError.volumeGroupExists(name: plan.settings.volumeGroup)
        }
        let profileAlreadyThere = try checkProfileLocation(plan.settings)

        var record = LVMProvisioningRecord(device: plan.device, settings: plan.settings)
        for step in plan.steps {
            switch step.action {
            case .run(let command):
                try await runStep(step, command, record: record)
            case .writeFile(let edit):
                if !profileAlreadyThere {
                    do {
                        try AtomicFile.create(hostRoot.resolve(edit.path), contents: edit.after, mode: edit.newFileMode)
                    } catch {
                        throw DirectLVMError.stepFailed(
                            step: step.description, command: "write \(edit.path)", reason: error.description,
                            record: record)
                    }
                    record.profileWritten = edit.after
                }
            case .removeFile(let path):
                try AtomicFile.remove(hostRoot.resolve(path))
            }
            record.completed.append(step.kind)
            try await journal(record)
        }

        let report = try await query.report(plan.monitoringCheck, kind: "lv")
        let monitoring = report.rows.first?["seg_monitor"] ?? ""
        record.monitored = monitoring == "monitored"
        try await journal(record)
        guard record.monitored == true else {
            let pool = "\(plan.settings.volumeGroup)/\(plan.settings.thinPool)"
            throw DirectLVMError.notMonitored(
                pool: pool, found: monitoring.isEmpty ? "nothing" : monitoring, record: record)
        }
        return record
    }

    /// Undoes the completed steps of `record` in reverse order, journaling the shrinking record after each
    /// undo, and returns what was undone and what was left. Safe to run again after a crash: an undo whose
    /// object is already gone counts as done.
    @discardableResult
    public func rollback(_ record: LVMProvisioningRecord, journal: Journal = { _ in }) async throws
        -> LVMRollbackReport
    {
        var record = record
        var report = LVMRollbackReport()
        let plan = record.plan
        let completedSteps = plan.steps.reversed().filter { record.completed.contains($0.kind) }
        // Steps without an undo of their own leave the record together with the next undo that runs.
        var pending: [LVMProvisioningStep.Kind] = []
        for (index, step) in completedSteps.enumerated() {
            pending.append(step.kind)
            guard let action = plan.undo(for: step, in: record) else {
                if step.kind == .profile {
                    report.leftInPlace.append(
                        "\(ThinPoolProfile.path(record.settings)): it was there before provisioning, not ours")
                }
                continue
            }
            do {
                try await perform(action, undoing: step, record: record, report: &report)
            } catch {
                let remaining = completedSteps[index...].compactMap { plan.undo(for: $0, in: record) }
                throw DirectLVMError.rollbackFailed(
                    action: action.description, reason: "\(error)", remaining: remaining.map(\.description))
            }
            record.completed.removeAll { pending.contains($0) }
            if step.kind == .profile { record.profileWritten = nil }
            pending = []
            try await journal(record)
        }
        if !pending.isEmpty {
            record.completed.removeAll { pending.contains($0) }
            try await journal(record)
        }
        return report
    }

    private func runStep(_ step: LVMProvisioningStep, _ command: Command, record: LVMProvisioningRecord) async throws {
        let result: CommandResult
        do {
            result = try await runner.run(command, environment: LVMQuery.environment)
        } catch {
            throw DirectLVMError.stepFailed(
                step: step.description, command: command.description, reason: "\(error)", record: record)
        }
        guard result.succeeded else {
            throw DirectLVMError.stepFailed(
                step: step.description, command: command.description,
                reason: "exit status \(result.exitCode): \(result.errorTail())", record: record)
        }
    }

    private func perform(
        _ action: LVMProvisioningStep.Action, undoing step: LVMProvisioningStep, record: LVMProvisioningRecord,
        report: inout LVMRollbackReport
    ) async throws {
        switch action {
        case .run(let command):
            let result = try await runner.run(command, environment: LVMQuery.environment)
            if !result.succeeded {
                guard try await alreadyUndone(step, record: record) else {
                    throw HostSystemError.commandFailed(command, exitCode: result.exitCode, output: result.errorTail())
                }
            }
            report.undone.append(command.description)
        case .removeFile(let path):
            let location = hostRoot.resolve(path)
            switch AtomicFile.read(location) {
            case nil:
                report.undone.append("\(path) (already gone)")
            case record.profileWritten:
                try AtomicFile.remove(location)
                report.undone.append("remove \(path)")
            default:
                report.leftInPlace.append("\(path): changed since drivershift wrote it")
            }
        case .writeFile(let edit):
            try AtomicFile.create(hostRoot.resolve(edit.path), contents: edit.after, mode: edit.newFileMode)
            report.undone.append("write \(edit.path)")
        }
    }

    /// Whether the object an undo command removes is gone already (a rollback resumed after a crash).
    private func alreadyUndone(_ step: LVMProvisioningStep, record: LVMProvisioningRecord) async throws -> Bool {
        let query = LVMQuery(runner: runner)
        let settings = record.settings
        switch step.kind {
        case .physicalVolume:
            return try await query.physicalVolumes(on: [record.device]).volumes.isEmpty
        case .volumeGroup:
            return try await !query.volumeGroupNames().contains(settings.volumeGroup)
        case .dataVolume, .metadataVolume, .metadataProfile:
            guard try await query.volumeGroupNames().contains(settings.volumeGroup) else { return true }
            let volumes = try await query.report(
                Command("lvm", ["lvs", "--reportformat", "json", "-o", "lv_name", settings.volumeGroup]), kind: "lv")
            let name = step.kind == .metadataVolume ? settings.thinPool + "meta" : settings.thinPool
            return !volumes.rows.contains { $0["lv_name"] == name }
        case .thinPoolConversion, .profile:
            return false
        }
    }

    /// Whether the profile is already there with exactly our text (then it is not ours and is left alone);
    /// throws when its directory is missing or it holds anything else.
    private func checkProfileLocation(_ settings: ThinPoolSettings) throws -> Bool {
        let location = hostRoot.resolve(ThinPoolProfile.path(settings))
        let directory = hostRoot.resolve("/etc/lvm/profile")
        guard DeviceNode.of(directory) != nil else { throw DirectLVMError.profileDirectoryMissing(path: directory) }
        guard let existing = AtomicFile.read(location) else {
            if DeviceNode.of(location) != nil { throw DirectLVMError.profileConflict(path: location) }
            return false
        }
        guard existing == ThinPoolProfile.contents(settings) else {
            throw DirectLVMError.profileConflict(path: location)
        }
        return true
    }
}
