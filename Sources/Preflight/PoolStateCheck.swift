import Inventory

/// `pool.state`: a devicemapper thin pool that is read-only or out of data space still holds the images, but
/// the daemon cannot be trusted with it (writes fail, containers will not start), so the export must read it
/// from disk; a failed pool cannot be read at all; a pool flagged needs_check wants `thin_check` first.
struct PoolStateCheck: Sendable {
    static let title = "devicemapper pool state"

    let pool: PoolSummary?
    let storageDriver: String?

    func check() -> PreflightCheck {
        guard let pool else {
            return make(.ok, "\(storageDriver ?? "the current driver") uses no devicemapper pool", nil)
        }
        let name = pool.poolName ?? "the pool"
        guard let usage = pool.usage else {
            let reason = pool.liveStatusUnavailable ?? "neither libdevmapper nor the daemon told it"
            return make(
                .warning, "the state of \(name) is unknown: \(reason)",
                "if the pool turns out read-only or failed, the export must use the disk source; "
                    + "`dmsetup status \(name)` shows its mode")
        }
        let figures = usageFigures(usage)
        let needsCheck = usage.needsCheck == true
        let checkNote =
            needsCheck ? "; it is flagged needs_check: repair its metadata with thin_check (thin_repair) first" : ""
        switch usage.health {
        case "Fail", "Error":
            return make(
                .blocker, "\(name) is in \(usage.health ?? "Fail") mode\(figures): the kernel cannot read it",
                "repair the pool first: deactivate it, run thin_check on its metadata (thin_repair if that fails), "
                    + "then rerun the inventory and the preflight")
        case "ro", "out_of_data_space":
            let mode = usage.health == "ro" ? "read-only" : "out of data space"
            return make(
                .warning, "\(name) is \(mode)\(figures): the daemon cannot be trusted to read it\(checkNote)",
                "export with `--source disk` (the default for such a pool); do not start containers on it")
        default:
            guard needsCheck else {
                let mode = usage.health.map { "in \($0) mode" } ?? "in use by the running daemon"
                return make(.ok, "\(name) is \(mode)\(figures)", nil)
            }
            return make(
                .warning, "\(name) is flagged needs_check\(figures): its metadata may be damaged",
                "stop dockerd, deactivate the pool and run thin_check on its metadata (thin_repair if it fails) "
                    + "before the export")
        }
    }

    private func usageFigures(_ usage: PoolSummary.Usage) -> String {
        guard let used = usage.dataUsedBytes, let total = usage.dataTotalBytes else { return "" }
        return " (data \(ByteCount.format(used)) used of \(ByteCount.format(total)))"
    }

    private func make(_ status: PreflightCheck.Status, _ finding: String, _ remedy: String?) -> PreflightCheck {
        PreflightCheck(
            id: PreflightCheckID.poolState, title: Self.title, status: status, finding: finding, remedy: remedy)
    }
}
