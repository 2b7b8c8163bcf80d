/// What a rollback did, and what it deliberately left alone.
public struct LVMRollbackReport: Sendable, Hashable, Codable {
    /// The undo actions that ran (or were found already done), in order.
    public var undone: [String] = []
    /// Things left in place, each with the reason (a profile that was not ours, or changed since).
    public var leftInPlace: [String] = []

    public init(undone: [String] = [], leftInPlace: [String] = []) {
        self.undone = undone
        self.leftInPlace = leftInPlace
    }
}
