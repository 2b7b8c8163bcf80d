import CDeviceMapper

#if canImport(Glibc)
    import Glibc
#endif

/// One device-mapper ioctl through libdevmapper: create the task, name it, run it, let the caller read
/// the answer, destroy the task on every path. Only callable inside the gate (it takes a Session).
///
/// `create` and `remove` change the kernel's devices: `configure` adds their settings (read-only, targets),
/// and the run itself synchronises with udev through a cookie, as dmsetup and dockerd do.
enum DeviceMapperTask {
    enum Kind {
        case list, info, status, table, create, remove

        var code: Int32 {
            switch self {
            case .list: Int32(DM_DEVICE_LIST)
            case .info: Int32(DM_DEVICE_INFO)
            case .status: Int32(DM_DEVICE_STATUS)
            case .table: Int32(DM_DEVICE_TABLE)
            case .create: Int32(DM_DEVICE_CREATE)
            case .remove: Int32(DM_DEVICE_REMOVE)
            }
        }

        /// As `dmsetup` names the command, for error messages.
        var name: String {
            switch self {
            case .list: "list"
            case .info: "info"
            case .status: "status"
            case .table: "table"
            case .create: "create"
            case .remove: "remove"
            }
        }

        /// Creating or removing a device makes udev add or drop its /dev/mapper node: the run waits for that
        /// (a cookie), so the node is there, or gone, when the call returns.
        var waitsForUdev: Bool { self == .create || self == .remove }

        /// A removed device has no information left to read.
        var answersWithInfo: Bool { self != .remove && self != .list }
    }

    /// Runs `kind` on `device` (nil for whole-driver commands such as list). For a named device,
    /// `read` also gets its `dm_info`; a device that does not exist throws `noSuchDevice`.
    static func run<T>(
        _ kind: Kind,
        device: String?,
        session: borrowing DeviceMapperGate.Session,
        skipOpenCount: Bool = true,
        configure: (OpaquePointer) throws(ThinPoolError) -> Void = { _ in },
        read: (OpaquePointer, dm_info?) throws(ThinPoolError) -> T
    ) throws(ThinPoolError) -> T {
        if let device { try validate(device) }
        guard let task = dm_task_create(kind.code) else {
            throw .libraryCallFailed(
                call: "dm_task_create(\(kind.name))", device: device, errno: 0, libraryMessages: [])
        }
        defer { dm_task_destroy(task) }
        if let device, dm_task_set_name(task, device) == 0 {
            throw .libraryCallFailed(call: "dm_task_set_name", device: device, errno: 0, libraryMessages: [])
        }
        // The open count costs the kernel a block-device lookup; only `info` needs it.
        if skipOpenCount, dm_task_no_open_count(task) == 0 {
            throw .libraryCallFailed(call: "dm_task_no_open_count", device: device, errno: 0, libraryMessages: [])
        }
        try configure(task)
        var cookie: UInt32 = 0
        if kind.waitsForUdev, dm_task_set_cookie(task, &cookie, 0) == 0 {
            throw .libraryCallFailed(call: "dm_task_set_cookie", device: device, errno: 0, libraryMessages: [])
        }
        let succeeded = dm_task_run(task) != 0
        // The cookie is waited for on failure too (as dmsetup does): it releases the semaphore it holds.
        if kind.waitsForUdev { _ = dm_udev_wait(cookie) }
        guard succeeded else {
            let code = dm_task_get_errno(task)
            // The kernel answers ENXIO for a name it does not know (table, and other ioctls that
            // libdevmapper does not turn into exists == 0).
            if code == ENXIO, let device { throw .noSuchDevice(device) }
            throw .libraryCallFailed(
                call: "dm_task_run(\(kind.name))", device: device, errno: code, libraryMessages: [])
        }
        guard let device, kind.answersWithInfo else { return try read(task, nil) }
        var info = dm_info()
        guard dm_task_get_info(task, &info) != 0 else {
            throw .libraryCallFailed(call: "dm_task_get_info", device: device, errno: 0, libraryMessages: [])
        }
        // For info and status, libdevmapper reports a missing device as success with exists == 0.
        guard info.exists != 0 else { throw .noSuchDevice(device) }
        return try read(task, info)
    }

    /// The targets of a status or table answer, in order.
    static func targets(of task: OpaquePointer) -> [TargetLine] {
        var targets: [TargetLine] = []
        var next: UnsafeMutableRawPointer?
        repeat {
            var start: UInt64 = 0
            var length: UInt64 = 0
            var targetType: UnsafeMutablePointer<CChar>?
            var params: UnsafeMutablePointer<CChar>?
            next = dm_get_next_target(task, next, &start, &length, &targetType, &params)
            // A device without a loaded table answers one empty entry.
            if let targetType {
                targets.append(
                    TargetLine(
                        start: start,
                        length: length,
                        targetType: String(cString: targetType),
                        params: params.map { String(cString: $0).trimmingWhitespace() } ?? ""
                    ))
            }
        } while next != nil
        return targets
    }

    /// The devices of a list answer: a chain of `struct dm_names` linked by byte offsets.
    static func devices(of task: OpaquePointer) throws(ThinPoolError) -> [MappedDevice] {
        guard let first = dm_task_get_names(task) else {
            throw .libraryCallFailed(call: "dm_task_get_names", device: nil, errno: 0, libraryMessages: [])
        }
        // `name` is a flexible array member, which Swift does not import: it starts right after `next`.
        guard let nextOffset = MemoryLayout<dm_names>.offset(of: \dm_names.next),
            let devOffset = MemoryLayout<dm_names>.offset(of: \dm_names.dev)
        else {
            throw .libraryCallFailed(
                call: "dm_task_get_names (struct dm_names layout)", device: nil, errno: 0, libraryMessages: [])
        }
        let nameOffset = nextOffset + MemoryLayout<UInt32>.size
        var entry = UnsafeRawPointer(first)
        // An empty list is a single entry with dev == 0.
        guard entry.loadUnaligned(fromByteOffset: devOffset, as: UInt64.self) != 0 else { return [] }
        var devices: [MappedDevice] = []
        while true {
            let encoded = entry.loadUnaligned(fromByteOffset: devOffset, as: UInt64.self)
            let next = entry.loadUnaligned(fromByteOffset: nextOffset, as: UInt32.self)
            let name = String(cString: (entry + nameOffset).assumingMemoryBound(to: CChar.self))
            devices.append(MappedDevice(name: name, encodedDevice: encoded))
            guard next != 0 else { break }
            entry += Int(next)
        }
        return devices
    }

    /// The kernel's limits on a name (DM_NAME_LEN 128, no '/'), checked before libdevmapper sees it.
    static func validate(_ name: String) throws(ThinPoolError) {
        if name.isEmpty { throw .invalidDeviceName(name, reason: "it is empty") }
        if name.utf8.count >= 128 { throw .invalidDeviceName(name, reason: "it is longer than 127 bytes") }
        if name.contains("/") {
            throw .invalidDeviceName(name, reason: "it contains '/' (give the name, not a /dev/mapper path)")
        }
    }
}
