/// Every failure of the ThinPool module: talking to libdevmapper, parsing what the kernel reports,
/// and deriving Docker's pool name.
///
/// Library failures carry what libdevmapper logged during the call (errors and warnings), because its
/// own words ("open failed: No such device", "ioctl ... failed: Permission denied") are usually the
/// real cause.
public enum ThinPoolError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kernel has no device-mapper driver, so nothing can be asked of it live.
    /// `operation` says what was being attempted, e.g. "read the status of docker-thinpool".
    case kernelHasNoDeviceMapper(operation: String, libraryMessages: [String])
    /// The kernel has device-mapper but libdevmapper could not reach it (usually: not root).
    case deviceMapperUnreachable(operation: String, libraryMessages: [String])
    /// No mapped device of this name exists (not active, or never created).
    case noSuchDevice(String)
    /// A name that cannot be a device-mapper device's name.
    case invalidDeviceName(String, reason: String)
    /// A libdevmapper call failed for another reason.
    case libraryCallFailed(call: String, device: String?, errno: Int32, libraryMessages: [String])
    /// The device exists but has no target of the expected type ("thin-pool" for a pool, "thin" for a
    /// thin device); `found` lists the types it has.
    case wrongTargetType(device: String, expected: String, found: [String])
    /// Text from the kernel (or a captured `dmsetup` line) did not have the expected shape.
    /// `what` names the format, e.g. "thin-pool status".
    case unparsable(what: String, text: String, reason: String)
    /// `<data-root>/devicemapper` does not exist, so there is no loop-lvm pool name to derive.
    case devicemapperDirectoryMissing(path: String)
    /// `<data-root>/devicemapper` exists but could not be examined.
    case devicemapperDirectoryUnreadable(path: String, reason: String)
    /// A `dm.thinpooldev` value that cannot name a device-mapper device.
    case invalidThinPoolDevice(value: String, reason: String)

    public var description: String {
        switch self {
        case .kernelHasNoDeviceMapper(let operation, let messages):
            return "cannot \(operation): live thin-pool status is unavailable because this kernel has no "
                + "device-mapper (the dm_mod module is not loaded, or the kernel was built without it). "
                + "Load it with `modprobe dm_mod` as root and retry, or read the pool from its files with "
                + "the offline path (thin_dump over the pool's metadata and data files), which needs no "
                + "device-mapper." + Self.said(messages)
        case .deviceMapperUnreachable(let operation, let messages):
            return "cannot \(operation): the kernel has device-mapper but libdevmapper could not open "
                + "/dev/mapper/control. Run drivershift as root (device-mapper needs CAP_SYS_ADMIN), and "
                + "check that /dev/mapper/control is the character device 10:236." + Self.said(messages)
        case .noSuchDevice(let name):
            return "no device-mapper device named \(name) is active. Check the name with `dmsetup ls`; "
                + "a Docker loop-lvm pool is only active while dockerd runs (or after drivershift activates it)."
        case .invalidDeviceName(let name, let reason):
            return "\"\(name)\" cannot name a device-mapper device: \(reason). Use the name `dmsetup ls` shows."
        case .libraryCallFailed(let call, let device, let code, let messages):
            let target = device.map { " for \($0)" } ?? ""
            let reason = code == 0 ? "" : " (errno \(code))"
            return "libdevmapper call \(call)\(target) failed\(reason)." + Self.said(messages)
        case .wrongTargetType(let device, let expected, let types):
            let found = types.isEmpty ? "no table loaded" : "targets: " + types.joined(separator: ", ")
            guard expected == "thin-pool" else {
                return "\(device) is not a \(expected) device (\(found)). Check the name with `dmsetup table`."
            }
            return "\(device) is not a thin pool (\(found)). Check the pool name: Docker's is "
                + "docker-<major>:<minor>-<inode>-pool for loop-lvm, or the dm.thinpooldev value."
        case .unparsable(let what, let text, let reason):
            return "cannot parse \(what) \"\(text)\": \(reason). If this came from a live kernel, report "
                + "the line: its format may differ from the kernel's documented one."
        case .devicemapperDirectoryMissing(let path):
            return "\(path) does not exist, so this data root has no devicemapper pool to name. Check the "
                + "data root (`docker info` shows it), or pass the pool name with dm.thinpooldev."
        case .devicemapperDirectoryUnreadable(let path, let reason):
            return "cannot examine \(path): \(reason). Run as root, or pass the pool name explicitly."
        case .invalidThinPoolDevice(let value, let reason):
            return "dm.thinpooldev=\(value) cannot name a device-mapper device: \(reason). Docker expects "
                + "/dev/mapper/<pool name>, e.g. dm.thinpooldev=/dev/mapper/docker-thinpool."
        }
    }

    /// The same error with `messages` (logged by libdevmapper during the failing call) attached, for the
    /// cases that carry library messages; other cases are returned unchanged.
    func attaching(_ messages: [String]) -> ThinPoolError {
        guard !messages.isEmpty else { return self }
        switch self {
        case .kernelHasNoDeviceMapper(let operation, let existing):
            return .kernelHasNoDeviceMapper(operation: operation, libraryMessages: existing + messages)
        case .deviceMapperUnreachable(let operation, let existing):
            return .deviceMapperUnreachable(operation: operation, libraryMessages: existing + messages)
        case .libraryCallFailed(let call, let device, let code, let existing):
            return .libraryCallFailed(call: call, device: device, errno: code, libraryMessages: existing + messages)
        default:
            return self
        }
    }

    /// The messages libdevmapper logged for this failure, if the case carries any.
    public var libraryMessages: [String] {
        switch self {
        case .kernelHasNoDeviceMapper(_, let messages), .deviceMapperUnreachable(_, let messages),
            .libraryCallFailed(_, _, _, let messages):
            return messages
        default:
            return []
        }
    }

    private static func said(_ messages: [String]) -> String {
        messages.isEmpty ? "" : " libdevmapper said: " + messages.joined(separator: "; ")
    }
}
