/// What provisioning has done so far, for the journal: enough to roll back exactly that after a crash.
public struct LVMProvisioningRecord: Sendable, Hashable, Codable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var device: String
    public var settings: ThinPoolSettings
    /// Completed steps, in the order they completed.
    public var completed: [LVMProvisioningStep.Kind]
    /// The profile text as written by this tool; nil when the profile was not written by us (it was already
    /// there with the same text). Rollback removes the file only while it still holds exactly this.
    public var profileWritten: String?
    /// Whether the monitoring check passed; nil until it ran.
    public var monitored: Bool?

    public init(device: String, settings: ThinPoolSettings) {
        self.formatVersion = Self.currentFormatVersion
        self.device = device
        self.settings = settings
        self.completed = []
        self.profileWritten = nil
        self.monitored = nil
    }

    /// The plan this record belongs to (plans are pure, so it is the same plan).
    public var plan: LVMProvisioningPlan { LVMProvisioningPlan.make(device: device, settings: settings) }
}
