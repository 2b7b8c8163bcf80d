import HostSystem

/// The lvm profile that makes the thin pool grow before it fills: `/etc/lvm/profile/<name>.profile`.
public enum ThinPoolProfile {
    /// Where lvm looks for a profile of `settings.profileName` (lvm.conf's config/profile_dir default).
    public static func path(_ settings: ThinPoolSettings) -> String {
        "/etc/lvm/profile/\(settings.profileName).profile"
    }

    /// The profile text: extend by `autoextendPercent`% whenever the pool is `autoextendThreshold`% full.
    public static func contents(_ settings: ThinPoolSettings) -> String {
        """
        # Written by drivershift for the Docker thin pool \(settings.volumeGroup)/\(settings.thinPool).
        activation {
            thin_pool_autoextend_threshold=\(settings.autoextendThreshold)
            thin_pool_autoextend_percent=\(settings.autoextendPercent)
        }

        """
    }

    /// The file edit that creates the profile.
    public static func edit(_ settings: ThinPoolSettings) -> PlannedFileEdit {
        PlannedFileEdit(
            path: path(settings), before: nil, after: contents(settings),
            reason: "autoextend the thin pool at \(settings.autoextendThreshold)% full by "
                + "\(settings.autoextendPercent)%")
    }
}
