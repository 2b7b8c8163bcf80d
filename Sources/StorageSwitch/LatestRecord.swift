import DirectLVM
import Synchronization

/// The provisioning record as the provisioner last reported it, kept across its failure.
final class LatestRecord: Sendable {
    private let record = Mutex<LVMProvisioningRecord?>(nil)

    var value: LVMProvisioningRecord? { record.withLock { $0 } }

    func set(_ newValue: LVMProvisioningRecord) { record.withLock { $0 = newValue } }
}
