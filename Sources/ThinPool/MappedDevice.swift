/// One active device-mapper device, as `DM_DEVICE_LIST` (`dmsetup ls`) reports it.
public struct MappedDevice: Sendable, Hashable {
    public let name: String
    public let major: UInt32
    public let minor: UInt32

    public init(name: String, major: UInt32, minor: UInt32) {
        self.name = name
        self.major = major
        self.minor = minor
    }

    /// Splits the kernel's device number as the dm ioctl encodes it (new_encode_dev: minor's low byte,
    /// then 12 bits of major, then the rest of minor), the same split libdevmapper's MAJOR/MINOR make.
    public init(name: String, encodedDevice: UInt64) {
        self.init(
            name: name,
            major: UInt32(truncatingIfNeeded: (encodedDevice & 0xfff00) >> 8),
            minor: UInt32(truncatingIfNeeded: (encodedDevice & 0xff) | ((encodedDevice >> 12) & 0xfff00))
        )
    }
}
