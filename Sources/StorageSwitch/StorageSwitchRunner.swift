import DaemonControl
import DirectLVM
import Foundation
import HostConfig
import HostSystem
import Preflight

/// Carries out a `StorageSwitchPlan`: stop dockerd, provision the thin pool (direct-lvm), write the config
/// files, start dockerd and wait until it answers with the new driver. Any failure after the first change
/// rolls everything back by itself and brings the old daemon up again.
///
/// The record is saved before each step so that a crash at any point leaves a rollback that knows what to undo.
public struct StorageSwitchRunner: Sendable {
    public let options: StorageSwitchOptions
    public let observer: any StorageSwitchObserver

    public init(options: StorageSwitchOptions, observer: any StorageSwitchObserver = SilentStorageSwitchObserver()) {
        self.options = options
        self.observer = observer
    }

    var hostRoot: HostRoot { options.inventory.hostRoot }
    var records: StorageSwitchRecordFile {
        StorageSwitchRecordFile(hostRoot: hostRoot, stateDirectory: options.stateDirectory)
    }

    func controller(_ method: DaemonControlMethod? = nil) throws -> DaemonController {
        DaemonController(
            method: method ?? options.daemonControl, endpoint: try options.inventory.endpoint(),
            logSource: options.daemonLogPath.map { .files([hostRoot.resolve($0)]) }, hostRoot: hostRoot)
    }

    /// Applies `plan`; returns the record of what changed and where it was saved.
    @discardableResult
    public func apply(_ plan: StorageSwitchPlan) async throws -> (record: StorageSwitchRecord, path: String) {
        guard plan.blockers.isEmpty else { throw StorageSwitchError.blocked(plan.blockers) }
        let daemon = try controller()
        let now = Date()
        var record = StorageSwitchRecord(
            startedAt: now, target: plan.target, previousDriver: plan.previousDriver,
            daemonWasRunning: await daemon.isAnswering(), daemonControl: plan.daemonControl)
        let path = records.newRecordPath(for: now)
        try records.save(record, to: path)

        var step = "stop the daemon"
        do {
            observer.handle(.stepStarted(step))
            try await daemon.stop()
            record.state = .daemonStopped
            try records.save(record, to: path)
            observer.handle(.stepFinished(step))

            if let provisioning = plan.provisioning {
                step = "provision the thin pool"
                observer.handle(.stepStarted(step))
                for step in provisioning.steps {
                    if let command = step.action.command { observer.handle(.commandRunning(command)) }
                }
                // The provisioner reports its record after every command: what finished is what a rollback
                // must remove, also when a later command fails.
                let latest = LatestRecord()
                do {
                    record.provisioning = try await LVMProvisioner(hostRoot: hostRoot).run(provisioning) {
                        latest.set($0)
                    }
                } catch {
                    record.provisioning = latest.value
                    throw error
                }
                record.state = .provisioned
                try records.save(record, to: path)
                observer.handle(.stepFinished(step))
            }

            step = "write the configuration"
            observer.handle(.stepStarted(step))
            let validator = await ConfigValidation.validator()
            record.appliedEdits = try await HostFileEditor().apply(plan.fileEdits, hostRoot: hostRoot) {
                edit, temporaryPath in
                if edit.path.hasSuffix(".json") { try await validator.validate(edit, temporaryPath: temporaryPath) }
            }
            for applied in record.appliedEdits {
                observer.handle(.fileWritten(path: applied.path, backup: applied.backupPath))
            }
            record.state = .filesWritten
            try records.save(record, to: path)
            observer.handle(.stepFinished(step))

            step = "start the daemon with \(plan.target.driverName)"
            observer.handle(.stepStarted(step))
            try await daemon.start()
            _ = try await daemon.waitUntilReady(expectedDriver: plan.target.driverName, timeout: options.readyTimeout)
            record.state = .completed
            try records.save(record, to: path)
            observer.handle(.stepFinished(step))
            return (record, path)
        } catch {
            observer.handle(.rollingBack(reason: "\(error)"))
            let warnings: [String]
            do {
                warnings = try await rollback(record, savedAt: path)
            } catch let rollbackError {
                throw StorageSwitchError.failedAndRollbackFailed(
                    step: step, reason: "\(error)", rollbackError: "\(rollbackError)", recordPath: path)
            }
            throw StorageSwitchError.failedAndRolledBack(step: step, reason: "\(error)", rollbackWarnings: warnings)
        }
    }

    /// Undoes what `record` says was done, newest first, and starts the old daemon if it was running.
    /// Returns notes about things it left in place on purpose (a file someone changed since).
    public func rollback(_ record: StorageSwitchRecord, savedAt path: String) async throws -> [String] {
        var record = record
        let daemon = try controller(record.daemonControl)
        var warnings: [String] = []
        observer.handle(.stepStarted("stop the daemon"))
        try await daemon.stop()
        observer.handle(.stepFinished("stop the daemon"))
        if !record.appliedEdits.isEmpty {
            observer.handle(.stepStarted("restore the configuration files"))
            warnings += try HostFileEditor().rollback(record.appliedEdits, hostRoot: hostRoot)
            observer.handle(.stepFinished("restore the configuration files"))
        }
        if let provisioning = record.provisioning {
            observer.handle(.stepStarted("remove the thin pool this switch created"))
            let report = try await LVMProvisioner(hostRoot: hostRoot).rollback(provisioning)
            for undone in report.undone { observer.handle(.note("undone: \(undone)")) }
            warnings += report.leftInPlace.map { "left in place: \($0)" }
            observer.handle(.stepFinished("remove the thin pool this switch created"))
        }
        if record.daemonWasRunning {
            let driver = record.previousDriver ?? "its old driver"
            observer.handle(.stepStarted("start the daemon with \(driver)"))
            try await daemon.start()
            _ = try await daemon.waitUntilReady(expectedDriver: record.previousDriver, timeout: options.readyTimeout)
            observer.handle(.stepFinished("start the daemon with \(driver)"))
        }
        record.state = .rolledBack
        try records.save(record, to: path)
        return warnings
    }
}
