import CDeviceMapper
import Foundation

/// Whether libdevmapper synchronises with udev: what `docker info` shows as "Udev Sync Supported".
///
/// dockerd's devicemapper driver calls `dm_udev_set_sync_support(1)` and then `dm_udev_get_sync_support()`,
/// and refuses to start when the answer is no (unless `dm.override_udev_sync_check=true`), because without it
/// udev and device-mapper race when devices are created and removed. libdevmapper says yes only when all of
/// these hold: it was built with udev support, `DM_DISABLE_UDEV` is unset, the kernel has System V semaphores,
/// the kernel's device-mapper supports cookies (driver 4.15 or newer), and udev is running. The parts are kept
/// too, so that on a kernel without device-mapper the report can still say which of the others hold.
///
/// This is the answer of the libdevmapper this process links; a dockerd linked statically against another
/// build can differ (old static Docker binaries said no for that reason).
public struct UdevSyncSupport: Sendable, Hashable {
    /// libdevmapper's own answer, as dockerd gets it.
    public let supported: Bool
    /// Only a library built with udev support keeps the "udev checking" flag, which is on by default.
    public let libraryBuiltWithUdevSync: Bool
    /// `dm_cookie_supported()`: needs a reachable device-mapper driver of version 4.15 or newer.
    public let cookiesSupported: Bool
    /// libudev's test for a running udev: its control socket `/run/udev/control` exists.
    public let udevRunning: Bool
    /// The kernel was built with System V IPC (it has `/proc/sys/kernel/sem`).
    public let semaphoresAvailable: Bool
    /// `DM_DISABLE_UDEV` is set in this process's environment, which turns udev sync off.
    public let udevDisabledByEnvironment: Bool
    /// What libdevmapper logged (errors and warnings) while answering.
    public let libraryMessages: [String]

    public init(
        supported: Bool, libraryBuiltWithUdevSync: Bool, cookiesSupported: Bool, udevRunning: Bool,
        semaphoresAvailable: Bool, udevDisabledByEnvironment: Bool, libraryMessages: [String] = []
    ) {
        self.supported = supported
        self.libraryBuiltWithUdevSync = libraryBuiltWithUdevSync
        self.cookiesSupported = cookiesSupported
        self.udevRunning = udevRunning
        self.semaphoresAvailable = semaphoresAvailable
        self.udevDisabledByEnvironment = udevDisabledByEnvironment
        self.libraryMessages = libraryMessages
    }

    /// Asks libdevmapper the way dockerd does, through the gate.
    public static func probe(gate: DeviceMapperGate = .shared) -> UdevSyncSupport {
        // The availability probe first: it makes libdevmapper's one version check, whose failure the library
        // then remembers, so the cookie question below does not try the control device again.
        _ = gate.availability()
        let (answers, messages) = gate.exclusive { (_: borrowing DeviceMapperGate.Session) in
            dm_udev_set_sync_support(1)
            return (
                supported: dm_udev_get_sync_support() != 0,
                checking: dm_udev_get_checking() != 0,
                cookies: dm_cookie_supported() != 0
            )
        }
        return UdevSyncSupport(
            supported: answers.supported,
            libraryBuiltWithUdevSync: answers.checking,
            cookiesSupported: answers.cookies,
            udevRunning: FileManager.default.fileExists(atPath: "/run/udev/control"),
            semaphoresAvailable: FileManager.default.fileExists(atPath: "/proc/sys/kernel/sem"),
            udevDisabledByEnvironment: ProcessInfo.processInfo.environment["DM_DISABLE_UDEV"] != nil,
            libraryMessages: messages
        )
    }

    /// The conditions that do not hold, in words, for a report; empty when sync is supported.
    public var missingConditions: [String] {
        var missing: [String] = []
        if !libraryBuiltWithUdevSync { missing.append("libdevmapper was built without udev support") }
        if udevDisabledByEnvironment { missing.append("DM_DISABLE_UDEV is set") }
        if !semaphoresAvailable { missing.append("the kernel has no System V semaphores") }
        if !cookiesSupported {
            missing.append("the kernel's device-mapper does not support udev cookies (or is absent)")
        }
        if !udevRunning { missing.append("udev is not running (no /run/udev/control)") }
        return missing
    }
}
