import DirectLVM

/// Collects the records a provisioner journals.
actor JournalSpy {
    private(set) var records: [LVMProvisioningRecord] = []
    func append(_ record: LVMProvisioningRecord) { records.append(record) }
}
