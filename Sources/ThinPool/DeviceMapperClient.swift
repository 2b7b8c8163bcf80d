/// Read-only questions to the kernel's device-mapper, each one serialized through the gate.
///
/// Every method throws `kernelHasNoDeviceMapper` (carrying libdevmapper's own explanation) on a
/// kernel without device-mapper, and `noSuchDevice` for a name the kernel does not know.
public struct DeviceMapperClient: Sendable {
    let gate = DeviceMapperGate.shared

    public init() {}

    /// libdevmapper's version, e.g. "1.02.185 (2022-05-18)". Works without device-mapper in the kernel.
    public var libraryVersion: String { gate.libraryVersion }

    /// Whether the kernel's device-mapper can be used, with the driver and library versions.
    public func availability() -> DeviceMapperAvailability { gate.availability() }

    /// All active devices (`dmsetup ls`).
    public func listDevices() throws(ThinPoolError) -> [MappedDevice] {
        try gate.withKernel(operation: "list device-mapper devices") { session throws(ThinPoolError) in
            try DeviceMapperTask.run(.list, device: nil, session: session) { task, _ throws(ThinPoolError) in
                try DeviceMapperTask.devices(of: task)
            }
        }
    }

    /// The status line of each target of `name` (`dmsetup status <name>`).
    public func status(of name: String) throws(ThinPoolError) -> [TargetLine] {
        try gate.withKernel(operation: "read the status of \(name)") { session throws(ThinPoolError) in
            try Self.targets(.status, of: name, session: session)
        }
    }

    /// The table line of each target of `name` (`dmsetup table <name>`).
    public func table(of name: String) throws(ThinPoolError) -> [TargetLine] {
        try gate.withKernel(operation: "read the table of \(name)") { session throws(ThinPoolError) in
            try Self.targets(.table, of: name, session: session)
        }
    }

    /// `dmsetup info <name>`: numbers, open count, read-only and suspended state.
    public func info(of name: String) throws(ThinPoolError) -> MappedDeviceInfo {
        try gate.withKernel(operation: "read device information for \(name)") { session throws(ThinPoolError) in
            try DeviceMapperTask.run(.info, device: name, session: session, skipOpenCount: false) {
                _, info throws(ThinPoolError) in
                try MappedDeviceInfo(name: name, answer: info)
            }
        }
    }

    /// Whether a device of this name is active.
    public func deviceExists(_ name: String) throws(ThinPoolError) -> Bool {
        do {
            _ = try info(of: name)
            return true
        } catch .noSuchDevice {
            return false
        }
    }

    /// The status of the thin device `name` (one Docker layer or container, while active).
    public func thinDeviceStatus(of name: String) throws(ThinPoolError) -> ThinDeviceStatus {
        let targets = try status(of: name)
        guard let thin = targets.first(where: { $0.targetType == "thin" }) else {
            throw .wrongTargetType(device: name, expected: "thin", found: targets.map(\.targetType))
        }
        return try ThinDeviceStatus.parse(thin.params)
    }

    /// The pool's table and status read together, as one health report.
    public func poolHealth(poolName: String) throws(ThinPoolError) -> ThinPoolHealth {
        let (table, status) = try gate.withKernel(operation: "read the health of thin pool \(poolName)") {
            session throws(ThinPoolError) in
            let table = try Self.targets(.table, of: poolName, session: session)
            let status = try Self.targets(.status, of: poolName, session: session)
            return (table, status)
        }
        guard let tableLine = table.first(where: { $0.targetType == "thin-pool" }),
            let statusLine = status.first(where: { $0.targetType == "thin-pool" })
        else {
            throw .wrongTargetType(device: poolName, expected: "thin-pool", found: table.map(\.targetType))
        }
        return try ThinPoolHealth(poolName: poolName, tableLine: tableLine, statusLine: statusLine)
    }

    private static func targets(
        _ kind: DeviceMapperTask.Kind, of name: String, session: borrowing DeviceMapperGate.Session
    ) throws(ThinPoolError) -> [TargetLine] {
        try DeviceMapperTask.run(kind, device: name, session: session) { task, _ in
            DeviceMapperTask.targets(of: task)
        }
    }
}
