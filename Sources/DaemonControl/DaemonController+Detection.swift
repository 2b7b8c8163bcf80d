import Foundation
import HostSystem

extension DaemonController {
    /// systemd when `/run/systemd/system` exists (systemd's own test for "booted with systemd"), else SysV when
    /// `/etc/init.d/docker` exists, else nil with a finding that says how to give the commands instead.
    public static func detectMethod(hostRoot: HostRoot) -> DaemonControlDetection {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let systemdDirectory = hostRoot.resolve("/run/systemd/system")
        if fileManager.fileExists(atPath: systemdDirectory, isDirectory: &isDirectory), isDirectory.boolValue {
            return DaemonControlDetection(
                method: .systemd, finding: "systemd runs this host (\(systemdDirectory) exists)")
        }
        let script = hostRoot.resolve("/etc/init.d/docker")
        if fileManager.fileExists(atPath: script) {
            return DaemonControlDetection(
                method: .sysv, finding: "no systemd; dockerd has a SysV init script (\(script))")
        }
        return DaemonControlDetection(
            method: nil,
            finding: "neither systemd (\(systemdDirectory)) nor a SysV init script (\(script)) was found, so "
                + "drivershift does not know how to stop and start dockerd here. Give the commands with "
                + "--daemon-control command (a start and a stop command).")
    }
}
