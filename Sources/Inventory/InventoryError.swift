/// Failures that stop the inventory as a whole (anything less becomes a problem in the report).
public enum InventoryError: Error, CustomStringConvertible, Sendable {
    case noStorageDriver(dataRoot: String)

    public var description: String {
        switch self {
        case .noStorageDriver(let dataRoot):
            return "cannot tell which storage driver \(dataRoot) belongs to: no storage-driver is configured and "
                + "\(dataRoot)/image/ holds no image store. Is this Docker's data root? Give it with --data-root."
        }
    }
}
