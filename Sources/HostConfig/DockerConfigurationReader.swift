import HostSystem

/// Finds every place dockerd's storage configuration can come from on a host, and where each setting is made.
///
/// Read-only: nothing on the host is changed, no command is run, no shell is involved.
public enum DockerConfigurationReader {
    /// Reads the Docker configuration of the host under `hostRoot`.
    ///
    /// Mistakes in the files (a daemon.json that does not parse, a unit naming a missing file) are reported
    /// in `DockerConfiguration.problems` so that an inventory can go on; only files that exist but cannot be
    /// read throw `HostConfigError`.
    public static func read(hostRoot: HostRoot) throws -> DockerConfiguration {
        var gathering = ConfigGathering(files: HostFileReader(hostRoot: hostRoot))
        try gathering.gather()
        return ConfigAnalysis.configuration(from: gathering)
    }
}
