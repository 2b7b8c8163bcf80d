/// The status of a `thin-pool` target (the params of one `dmsetup status` line).
///
/// The kernel prints either the full form
/// `<transaction id> <used>/<total metadata blocks> <used>/<total data blocks> <held metadata root>
///  ro|rw|out_of_data_space [no_]discard_passdown|ignore_discard error|queue_if_no_space needs_check|-
///  <metadata low watermark>`,
/// or just `Fail` (the pool has failed; all I/O errors), or `Error` (it could not read its own metadata
/// to report). Fields after the mode were added over kernel releases, so a shorter line from an old
/// kernel parses, with the kernel's defaults for what it does not say.
public struct ThinPoolStatus: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// "rw": normal.
        case readWrite
        /// "ro": metadata may not change; the kernel switches here after metadata errors or when
        /// metadata space runs out.
        case readOnly
        /// "out_of_data_space": no new data block can be allocated; writes queue or fail.
        case outOfDataSpace
        /// "Fail": every I/O fails.
        case failed
        /// "Error": the kernel could not read the pool's metadata to report a status.
        case metadataUnreadable
    }

    public let mode: Mode
    /// The counters and flags; nil exactly when the mode is `failed` or `metadataUnreadable`, because
    /// the kernel reports nothing else then.
    public let usage: ThinPoolUsage?

    public init(mode: Mode, usage: ThinPoolUsage?) {
        self.mode = mode
        self.usage = usage
    }

    /// Above this share of used blocks (data or metadata) a pool is reported as nearly full.
    public static let nearlyFullPercent = 90.0

    /// What is wrong with the pool, in plain language; empty when nothing is.
    public var problems: [String] { problems(readOnlyOnPurpose: false) }

    public var isHealthy: Bool { problems.isEmpty }

    /// - Parameter readOnlyOnPurpose: the table loaded the pool with the read_only feature, so "ro" is
    ///   what was asked for (as when a pool is opened only to be read), not a fault.
    func problems(readOnlyOnPurpose: Bool) -> [String] {
        var problems: [String] = []
        switch mode {
        case .readWrite:
            break
        case .readOnly where readOnlyOnPurpose:
            break
        case .readOnly:
            problems.append(
                "the pool is read-only: the kernel stopped metadata changes (after a metadata error or when "
                    + "metadata space ran out), so containers cannot write; it needs thin_check/thin_repair "
                    + "or more metadata space")
        case .outOfDataSpace:
            let policy =
                usage?.errorIfNoSpace == true
                ? "writes that need new blocks fail with ENOSPC"
                : "writes that need new blocks are queued, and fail once the kernel's no-space timeout passes"
            problems.append("the pool is out of data space: \(policy); grow the pool or free space")
        case .failed:
            problems.append(
                "the pool has failed (the kernel reports only \"Fail\"): all I/O to it errors; read it "
                    + "offline from its files, or repair its metadata with thin_check/thin_repair")
        case .metadataUnreadable:
            problems.append(
                "the kernel could not read the pool's metadata to report its status (\"Error\"); the pool is "
                    + "about to fail: check the metadata with thin_check")
        }
        guard let usage else { return problems }
        if usage.needsCheck {
            problems.append(
                "the pool's metadata is flagged needs_check: run thin_check on it (with the pool inactive) "
                    + "before using the pool read-write")
        }
        if usage.data.usedPercent > Self.nearlyFullPercent && mode != .outOfDataSpace {
            problems.append("data space is \(usage.data.summary)")
        }
        if usage.metadata.usedPercent > Self.nearlyFullPercent {
            problems.append("metadata space is \(usage.metadata.summary)")
        }
        return problems
    }

    /// Parses the params of a thin-pool status line (everything after `thin-pool`).
    public static func parse(_ params: String) throws(ThinPoolError) -> ThinPoolStatus {
        let fields = StatusFields(what: "thin-pool status", text: params)
        switch fields.count == 1 ? fields[0] : nil {
        case "Fail": return ThinPoolStatus(mode: .failed, usage: nil)
        case "Error": return ThinPoolStatus(mode: .metadataUnreadable, usage: nil)
        default: break
        }
        try fields.require(
            atLeast: 5,
            shape: "<transaction id> <metadata used/total> <data used/total> <held root> <mode> ..., or Fail")
        let mode: Mode
        switch fields[4] {
        case "rw": mode = .readWrite
        case "ro": mode = .readOnly
        case "out_of_data_space": mode = .outOfDataSpace
        default: throw fields.failure("the mode \"\(fields[4] ?? "")\" is none of rw, ro, out_of_data_space")
        }
        let heldRoot: UInt64? = fields[3] == "-" ? nil : try fields.number(3, "held metadata root")
        let discards: ThinPoolUsage.Discards
        switch fields[5] {
        case nil, "discard_passdown": discards = .passdown
        case "no_discard_passdown": discards = .noPassdown
        case "ignore_discard": discards = .ignored
        case let other?:
            throw fields.failure(
                "the discard field \"\(other)\" is none of discard_passdown, no_discard_passdown, ignore_discard")
        }
        let errorIfNoSpace: Bool
        switch fields[6] {
        case nil, "queue_if_no_space": errorIfNoSpace = false
        case "error_if_no_space": errorIfNoSpace = true
        case let other?:
            throw fields.failure("the no-space field \"\(other)\" is neither queue_if_no_space nor error_if_no_space")
        }
        let needsCheck: Bool
        switch fields[7] {
        case nil, "-": needsCheck = false
        case "needs_check": needsCheck = true
        case let other?: throw fields.failure("the check field \"\(other)\" is neither needs_check nor -")
        }
        let lowWatermark: UInt64? = fields.count > 8 ? try fields.number(8, "metadata low watermark") : nil
        let usage = ThinPoolUsage(
            transactionID: try fields.number(0, "transaction id"),
            metadata: try fields.blockUsage(1, "metadata blocks"),
            data: try fields.blockUsage(2, "data blocks"),
            heldMetadataRoot: heldRoot,
            discards: discards,
            errorIfNoSpace: errorIfNoSpace,
            needsCheck: needsCheck,
            metadataLowWatermark: lowWatermark,
            additionalFields: fields.fields.dropFirst(9).map(String.init)
        )
        return ThinPoolStatus(mode: mode, usage: usage)
    }
}
