import HostSystem

/// What a test that attaches loop devices and mounts must not leave behind in its scratch directory.
public enum DeviceLeftovers {
    /// Loop devices whose backing file is below `directory`, as "NAME FILE" lines.
    public static func loopDevices(under directory: String) async -> [String] {
        let listed = try? await CommandRunner().run(
            Command("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"]))
        return (listed?.standardOutput ?? "").split(separator: "\n").map(String.init).filter {
            $0.contains(directory + "/")
        }
    }

    /// Mount points at or below `directory`, in this process's mount namespace.
    public static func mounts(under directory: String) -> [String] {
        MountEntry.mountPoints(under: directory)
    }
}
