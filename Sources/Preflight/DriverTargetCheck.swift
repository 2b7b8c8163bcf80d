import HostConfig
import Inventory

/// `driver.already-target`: whether the host already runs the target, in which case the switch has nothing
/// to do. Always ok: it only says where the switch starts from.
public enum DriverTargetCheck {
    static let title = "current storage driver"

    /// True when dockerd runs the target now and its configuration keeps it there after a restart.
    public static func isAlreadyOnTarget(
        inventory: HostInventory, configuration: DockerConfiguration, target: StorageTarget
    ) -> Bool {
        guard inventory.docker.storageDriver == target.driverName else { return false }
        if let configured = configuration.storageDriver, configured != target.driverName { return false }
        switch target {
        case .overlay2:
            return true
        case .directLVM(let device):
            let options = configuration.storageOptions.flatMap(\.values)
            return inventory.pool?.thinPoolDevice == device || options.contains("dm.thinpooldev=\(device)")
        }
    }

    static func check(
        inventory: HostInventory, configuration: DockerConfiguration, target: StorageTarget
    ) -> PreflightCheck {
        let current = describeCurrent(inventory)
        let finding: String
        if isAlreadyOnTarget(inventory: inventory, configuration: configuration, target: target) {
            finding = "already on \(target): nothing to do"
        } else if let configured = configuration.storageDriver, configured != inventory.docker.storageDriver {
            finding =
                "\(current) now, but the configuration names \(configured) (a restart would change it); "
                + "the switch moves it to \(target)"
        } else {
            finding = "\(current) now; the switch moves it to \(target)"
        }
        return PreflightCheck(
            id: PreflightCheckID.driverAlreadyTarget, title: title, status: .ok, finding: finding)
    }

    /// "devicemapper (loop-lvm)", "overlay2".
    private static func describeCurrent(_ inventory: HostInventory) -> String {
        let driver = inventory.docker.storageDriver ?? "an unknown driver"
        guard let pool = inventory.pool else { return driver }
        return "\(driver) (\(pool.mode.rawValue))"
    }
}
