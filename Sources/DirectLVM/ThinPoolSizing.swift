/// How big the thin pool comes out on a device of a given size, so preflight can compare it with what the
/// images need before anything is created.
///
/// pvcreate puts the first extent 1 MiB into the device, vgcreate uses 4 MiB extents, and `lvcreate -l 95%VG`
/// takes that share of the extents. The estimate rounds down, so a device it accepts really holds the pool.
public enum ThinPoolSizing {
    public static let extentBytes: UInt64 = 4 * 1024 * 1024
    public static let dataAreaOffset: UInt64 = 1024 * 1024

    /// Extents in a VG made of one PV of `deviceBytes`.
    public static func volumeGroupExtents(deviceBytes: UInt64) -> UInt64 {
        deviceBytes > dataAreaOffset ? (deviceBytes - dataAreaOffset) / extentBytes : 0
    }

    /// Bytes of the pool's data volume (`dataPercentOfVG` of the VG).
    public static func poolDataBytes(deviceBytes: UInt64, settings: ThinPoolSettings) -> UInt64 {
        let percent = UInt64(max(0, min(100, settings.dataPercentOfVG)))
        return volumeGroupExtents(deviceBytes: deviceBytes) * percent / 100 * extentBytes
    }

    /// The smallest device whose pool holds `requiredBytes`, for a finding that says what size to get.
    public static func minimumDeviceBytes(forPoolBytes requiredBytes: UInt64, settings: ThinPoolSettings) -> UInt64 {
        let percent = UInt64(max(1, min(100, settings.dataPercentOfVG)))
        let poolExtents = (requiredBytes + extentBytes - 1) / extentBytes
        let groupExtents = (poolExtents * 100 + percent - 1) / percent
        return groupExtents * extentBytes + dataAreaOffset
    }
}
