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
        try read(files: HostFileReader(hostRoot: hostRoot))
    }

    /// Reads through `files`, which may carry an overlay of planned contents (see `ConfigEditPlanner`).
    static func read(files: HostFileReader) throws -> DockerConfiguration {
        var gathering = ConfigGathering(files: files)
        try gathering.gather()
        return ConfigAnalysis.configuration(from: gathering)
    }
}
