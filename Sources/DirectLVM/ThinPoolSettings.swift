import Foundation

/// The names and sizes of the direct-lvm thin pool that provisioning creates, as Docker's runbook has them.
public struct ThinPoolSettings: Sendable, Hashable, Codable {
    public var volumeGroup: String
    public var thinPool: String
    /// Percent of the volume group for the data volume (`lvcreate -l 95%VG`).
    public var dataPercentOfVG: Int
    /// Percent of the volume group for the metadata volume (`lvcreate -l 1%VG`).
    public var metadataPercentOfVG: Int
    /// `lvconvert -c`: Docker's runbook uses 512K.
    public var chunkSize: String
    /// lvm's thin_pool_autoextend_threshold / _percent in the profile.
    public var autoextendThreshold: Int
    public var autoextendPercent: Int
    /// The profile's name (`/etc/lvm/profile/<name>.profile`).
    public var profileName: String

    public init(
        volumeGroup: String = "docker", thinPool: String = "thinpool", dataPercentOfVG: Int = 95,
        metadataPercentOfVG: Int = 1, chunkSize: String = "512K", autoextendThreshold: Int = 80,
        autoextendPercent: Int = 20, profileName: String = "docker-thinpool"
    ) {
        self.volumeGroup = volumeGroup
        self.thinPool = thinPool
        self.dataPercentOfVG = dataPercentOfVG
        self.metadataPercentOfVG = metadataPercentOfVG
        self.chunkSize = chunkSize
        self.autoextendThreshold = autoextendThreshold
        self.autoextendPercent = autoextendPercent
        self.profileName = profileName
    }

    /// The device dockerd is given as dm.thinpooldev: device-mapper doubles dashes inside names.
    public var thinPoolDevice: String {
        let escape = { (name: String) in name.replacingOccurrences(of: "-", with: "--") }
        return "/dev/mapper/\(escape(volumeGroup))-\(escape(thinPool))"
    }
}
