/// The status of a `thin` target (one thin device, e.g. one Docker layer), the params of its
/// `dmsetup status` line: `<mapped sectors> <highest mapped sector>`, where the highest is `-` when
/// nothing is mapped; or `Fail` when the pool has failed; `Error` when the kernel could not read the
/// pool's metadata; `-` when the thin device is not attached to the pool.
public enum ThinDeviceStatus: Sendable, Hashable {
    case active(mappedSectors: UInt64, highestMappedSector: UInt64?)
    case failed
    case metadataUnreadable
    case detached

    /// Bytes the device has allocated in the pool, when it reports them.
    public var mappedBytes: UInt64? {
        guard case .active(let sectors, _) = self else { return nil }
        let (bytes, overflow) = sectors.multipliedReportingOverflow(by: ThinPoolTable.sectorBytes)
        return overflow ? UInt64.max : bytes
    }

    /// Parses the params of a thin status line (everything after `thin`).
    public static func parse(_ params: String) throws(ThinPoolError) -> ThinDeviceStatus {
        let fields = StatusFields(what: "thin status", text: params)
        if fields.count == 1 {
            switch fields[0] {
            case "Fail": return .failed
            case "Error": return .metadataUnreadable
            case "-": return .detached
            default: break
            }
        }
        guard fields.count == 2 else {
            throw fields.failure(
                "expected <mapped sectors> <highest mapped sector or ->, or Fail, found \(fields.count) fields")
        }
        let mapped = try fields.number(0, "mapped sector count")
        let highest: UInt64? = fields[1] == "-" ? nil : try fields.number(1, "highest mapped sector")
        if highest == nil && mapped > 0 {
            throw fields.failure("\(mapped) sectors are mapped but no highest mapped sector is given")
        }
        return .active(mappedSectors: mapped, highestMappedSector: highest)
    }
}
