/// The pool-wide facts of thin_dump's `<superblock>`.
public struct ThinSuperblock: Sendable, Hashable {
    public let transaction: UInt64
    /// The pool's block size in 512-byte sectors (128 = 64 KiB, Docker's loop-lvm default).
    public let dataBlockSizeSectors: UInt64
    public let dataBlockCount: UInt64

    public init(transaction: UInt64, dataBlockSizeSectors: UInt64, dataBlockCount: UInt64) {
        self.transaction = transaction
        self.dataBlockSizeSectors = dataBlockSizeSectors
        self.dataBlockCount = dataBlockCount
    }

    public var blockSizeBytes: UInt64 { dataBlockSizeSectors * 512 }
}
