/// What thin_dump says about a pool: its superblock and every thin device's mappings.
public struct ThinPoolMap: Sendable, Hashable {
    public let superblock: ThinSuperblock
    public let devices: [Int: ThinDeviceMap]

    public init(superblock: ThinSuperblock, devices: [Int: ThinDeviceMap]) {
        self.superblock = superblock
        self.devices = devices
    }
}
