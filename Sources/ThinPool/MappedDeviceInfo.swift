import CDeviceMapper

/// What `DM_DEVICE_INFO` (`dmsetup info`) says about one existing device.
public struct MappedDeviceInfo: Sendable, Hashable {
    public let name: String
    public let major: UInt32
    public let minor: UInt32
    /// How many holders have the device open (a mount, dockerd, another dm device).
    public let openCount: Int32
    public let isReadOnly: Bool
    public let isSuspended: Bool
    public let hasLiveTable: Bool
    public let hasInactiveTable: Bool
    public let targetCount: Int32
    public let eventNumber: UInt32
    /// Removal was deferred until the last holder closes it (Docker's dm.use_deferred_removal).
    public let isDeferredRemovePending: Bool

    public init(
        name: String, major: UInt32, minor: UInt32, openCount: Int32, isReadOnly: Bool, isSuspended: Bool,
        hasLiveTable: Bool, hasInactiveTable: Bool, targetCount: Int32, eventNumber: UInt32,
        isDeferredRemovePending: Bool
    ) {
        self.name = name
        self.major = major
        self.minor = minor
        self.openCount = openCount
        self.isReadOnly = isReadOnly
        self.isSuspended = isSuspended
        self.hasLiveTable = hasLiveTable
        self.hasInactiveTable = hasInactiveTable
        self.targetCount = targetCount
        self.eventNumber = eventNumber
        self.isDeferredRemovePending = isDeferredRemovePending
    }
}

extension MappedDeviceInfo {
    /// From the `dm_info` a task answered with (nil when the kind of task gives none).
    init(name: String, answer: dm_info?) throws(ThinPoolError) {
        guard let info = answer else {
            throw .libraryCallFailed(call: "dm_task_get_info", device: name, errno: 0, libraryMessages: [])
        }
        self.init(
            name: name, major: info.major, minor: info.minor, openCount: info.open_count,
            isReadOnly: info.read_only != 0, isSuspended: info.suspended != 0, hasLiveTable: info.live_table != 0,
            hasInactiveTable: info.inactive_table != 0, targetCount: info.target_count, eventNumber: info.event_nr,
            isDeferredRemovePending: info.deferred_remove != 0)
    }
}
