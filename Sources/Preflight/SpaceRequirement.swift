import Inventory

/// The bytes a switch will write, worked out from the inventory's exact sizes.
///
/// The inventory gives the export's size (each distinct layer tar once, plus the image configs) and the
/// layers' driver sizes; what the new driver and `docker load` take is derived here from those figures.
public struct SpaceRequirement: Sendable, Hashable, Codable {
    /// Kept free beyond every figure: the export store's documents and the filesystem's own bookkeeping
    /// (the same margin the export itself keeps).
    public static let marginBytes: UInt64 = 16 * 1024 * 1024
    /// Unpacked layers take more than their content: every file rounds up to whole blocks and each layer has
    /// its own directories and metadata. A tenth on top covers ordinary images.
    public static let layerOverheadPercent: UInt64 = 10

    /// The export store: every image's layers (each distinct layer once) and configs, untagged images too,
    /// because the switch carries every image it can (`InventoryTotals.exportBytesAll`).
    public var exportBytes: UInt64
    /// The same for tagged images only, for a finding that says what dropping the untagged ones would save.
    public var taggedExportBytes: UInt64
    /// Layers whose tar size the inventory could not measure: their bytes are missing from `exportBytes`.
    public var layersOfUnknownSize: Int
    /// The distinct layers' content as the driver measured it (`InventoryTotals.uniqueLayerBytes`).
    public var layerBytes: UInt64
    /// Bytes in containers' writable layers: they become image layers when the plan commits containers.
    public var containerBytes: UInt64

    public init(inventory: HostInventory) {
        exportBytes = inventory.totals.exportBytesAll
        taggedExportBytes = inventory.totals.exportBytesTagged
        var seen = Set<String>()
        var unknown = 0
        for image in inventory.images {
            for layer in image.layers where seen.insert(layer.diffID.description).inserted && layer.tarSize == nil {
                unknown += 1
            }
        }
        layersOfUnknownSize = unknown
        layerBytes = inventory.totals.uniqueLayerBytes
        containerBytes = inventory.containers.reduce(0) { $0 + ($1.writableLayerBytes ?? 0) }
    }

    /// What the export directory must have free.
    public var exportDirectoryBytes: UInt64 { exportBytes + Self.marginBytes }

    /// The layers as the new driver stores them, committed containers included, with the block overhead.
    public var unpackedLayerBytes: UInt64 {
        let content = layerBytes + containerBytes
        return content + content * Self.layerOverheadPercent / 100
    }

    /// `docker load` first copies the whole archive it is given into `<data-root>/tmp`, then applies it.
    public var loadStagingBytes: UInt64 { exportBytes }

    /// What a direct-lvm thin pool must hold: the unpacked layers (the integrator passes this to the device
    /// checks as `requiredBytes`).
    public var thinPoolBytes: UInt64 { unpackedLayerBytes + Self.marginBytes }
}
