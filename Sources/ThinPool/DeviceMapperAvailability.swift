import CDeviceMapper
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether this kernel's device-mapper can be used, and the versions involved.
///
/// Decided by asking the kernel (`DM_DEVICE_VERSION`), not by looking for `/dev/mapper/control`:
/// libdevmapper creates that node itself when run as root, even on a kernel without the driver, and a
/// kernel with dm_mod as a module loads it when the node is opened.
public struct DeviceMapperAvailability: Sendable, Hashable {
    /// libdevmapper's version, e.g. "1.02.185 (2022-05-18)".
    public let libraryVersion: String
    /// The kernel driver's version, e.g. "4.47.0"; nil when the kernel could not be asked.
    public let driverVersion: String?
    /// Whether `/dev/mapper/control` existed before the probe.
    public let controlNodeExisted: Bool
    /// Whether `/proc/misc` lists device-mapper after the probe, i.e. the kernel has the driver loaded.
    public let kernelListsDeviceMapper: Bool
    /// What libdevmapper logged (errors and warnings) while probing.
    public let libraryMessages: [String]

    public init(
        libraryVersion: String, driverVersion: String?, controlNodeExisted: Bool, kernelListsDeviceMapper: Bool,
        libraryMessages: [String]
    ) {
        self.libraryVersion = libraryVersion
        self.driverVersion = driverVersion
        self.controlNodeExisted = controlNodeExisted
        self.kernelListsDeviceMapper = kernelListsDeviceMapper
        self.libraryMessages = libraryMessages
    }

    public var isAvailable: Bool { driverVersion != nil }

    /// Throws the error explaining why device-mapper cannot be used for `operation`, if it cannot.
    public func requireAvailable(for operation: String = "talk to the kernel's device-mapper") throws(ThinPoolError) {
        if let failure = failure(operation: operation) { throw failure }
    }

    /// nil when available; otherwise the error for `operation`. A kernel that lists device-mapper but
    /// refused us is a permissions problem, not a missing driver.
    func failure(operation: String) -> ThinPoolError? {
        guard !isAvailable else { return nil }
        if kernelListsDeviceMapper {
            return .deviceMapperUnreachable(operation: operation, libraryMessages: libraryMessages)
        }
        return .kernelHasNoDeviceMapper(operation: operation, libraryMessages: libraryMessages)
    }

    /// Whether the text of `/proc/misc` ("236 device-mapper" lines) lists the device-mapper control device.
    public static func miscListsDeviceMapper(_ procMisc: String) -> Bool {
        procMisc.split(whereSeparator: \.isNewline).contains { line in
            line.split(separator: " ", omittingEmptySubsequences: true).last == "device-mapper"
        }
    }

    /// Asks the kernel for its driver version. Runs inside the gate.
    static func probe(
        session: borrowing DeviceMapperGate.Session, libraryVersion: String, drainMessages: () -> [String]
    ) -> DeviceMapperAvailability {
        let controlNodeExisted = access("/dev/mapper/control", F_OK) == 0
        let driverVersion = askDriverVersion()
        return DeviceMapperAvailability(
            libraryVersion: libraryVersion,
            driverVersion: driverVersion,
            controlNodeExisted: controlNodeExisted,
            kernelListsDeviceMapper: miscListsDeviceMapper(readProcMisc()),
            libraryMessages: drainMessages()
        )
    }

    private static func askDriverVersion() -> String? {
        // NULL here is how libdevmapper reports that it could not open or version-check the control device.
        guard let task = dm_task_create(Int32(DM_DEVICE_VERSION)) else { return nil }
        defer { dm_task_destroy(task) }
        guard dm_task_run(task) != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 128)
        let ok = buffer.withUnsafeMutableBufferPointer {
            dm_task_get_driver_version(task, $0.baseAddress, $0.count)
        }
        guard ok != 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func readProcMisc() -> String {
        // /proc files report size 0, so read to EOF rather than by the size stat gives.
        guard let handle = FileHandle(forReadingAtPath: "/proc/misc") else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
