/// One line of a tar-split.json.gz: either raw tar bytes to copy verbatim, or a file whose content is read
/// from the layer's files.
public enum TarSplitEntry: Sendable, Equatable {
    /// Type 2: header blocks, padding and the end-of-archive marker, byte for byte.
    case segment([UInt8])
    /// Type 1: a member whose `size` content bytes come from the layer. `name` is raw bytes because tar names
    /// need not be UTF-8 (tar-split stores those as `name_raw`).
    case file(name: [UInt8], size: UInt64, crc64: [UInt8]?)
}
