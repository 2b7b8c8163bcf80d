import Foundation
import ThinPool

#if canImport(Glibc)
    import Glibc
#endif

/// Device-mapper devices left by a drivershift run that was killed (SIGKILL, power loss while reading a pool):
/// their names carry the pid of the run that made them. Mounts and loop devices need no sweep (they end with the
/// process); dm devices stay until someone removes them.
enum StaleDeviceSweep {
    /// The pid in a name of ours: "drivershift-1234-pool", "drivershift-1234-thin-17".
    static func ownerPID(of name: String) -> Int32? {
        guard name.hasPrefix(ActivatedPool.namePrefix) else { return nil }
        let rest = name.dropFirst(ActivatedPool.namePrefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { return nil }
        let kind = rest[rest.index(after: dash)...]
        guard kind == "pool" || kind.hasPrefix("thin-") else { return nil }
        return pid
    }

    /// Removes the devices of ours whose run is gone, thin devices before the pools they sit on; returns the
    /// names removed. A device that will not go is left and reported by the activation that trips over it.
    @discardableResult
    static func run() async throws -> [String] {
        let names = try DeviceMapperClient().listDevices().map(\.name)
        let stale = names.filter { name in
            guard let pid = ownerPID(of: name) else { return false }
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }
        var removed: [String] = []
        for name in stale.sorted(by: { !$0.hasSuffix("-pool") && $1.hasSuffix("-pool") }) {
            if await ActivatedPool.removeDevice(name) == nil { removed.append(name) }
        }
        return removed
    }
}
