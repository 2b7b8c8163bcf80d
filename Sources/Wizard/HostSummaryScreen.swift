import Inventory

/// Screen 1: what this host is, in plain words: the driver, the pool's fullness and health as a bar, what a
/// migration would carry, and the problems the inventory found.
enum HostSummaryScreen {
    static func make(_ facts: HostFacts, host: String) -> WizardScreen {
        var body: [ScreenLine] = [
            ScreenLine("This host: ", .bold) + ScreenLine(host),
            ScreenLine(
                "Docker \(facts.dockerVersion ?? "(version unknown)"), storage driver "
                    + "\(facts.driver ?? "unknown"), data in \(facts.dataRoot)"),
            facts.daemonRunning
                ? ScreenLine("dockerd is running and answered.", .good)
                : ScreenLine(
                    "dockerd is not answering" + (facts.daemonNote.map { ": \($0)" } ?? "")
                        + ". Everything was read from disk.", .warning),
            "",
        ]
        body += poolLines(facts)
        body.append("")
        body.append(
            ScreenLine("Images:     ", .bold)
                + ScreenLine(
                    "\(facts.images) (\(facts.taggedImages) tagged, \(facts.untaggedImages) untagged), "
                        + "\(Plural.count(facts.layers, "distinct layer")), \(ByteCount.format(facts.exportBytes)) to export"
                ))
        body.append(
            ScreenLine("Containers: ", .bold)
                + ScreenLine(
                    "\(facts.containers) (\(facts.runningContainers) running), \(facts.changedContainers) with "
                        + "changes in the writable layer"))
        body.append(
            ScreenLine("Volumes:    ", .bold)
                + ScreenLine("\(facts.volumes) (\(ByteCount.format(facts.volumeBytes))); they stay where they are"))
        body.append("")
        if facts.problems.isEmpty {
            body.append(ScreenLine("Problems:   ", .bold) + ScreenLine("none found", .good))
        } else {
            let errors = facts.problems.filter(\.isError).count
            body.append(
                ScreenLine("Problems:   ", .bold)
                    + ScreenLine(
                        "\(errors) that lose data unless you act, \(facts.problems.count - errors) worth knowing",
                        errors > 0 ? .bad : .warning))
            for problem in facts.problems {
                body.append(
                    ScreenLine(problem.isError ? "  ERROR " : "  note  ", problem.isError ? .bad : .warning)
                        + ScreenLine("\(problem.subject): \(problem.message)"))
            }
        }
        return WizardScreen(
            title: "Step 1 of 8: this host", body: body,
            question: .choice(
                prompt: "Next: choose where to move Docker's storage.",
                choices: [Choice(id: "next", label: "Continue", detail: "choose the new storage driver")], initial: 0),
            canGoBack: false)
    }

    static func poolLines(_ facts: HostFacts) -> [ScreenLine] {
        guard let pool = facts.pool else {
            return [
                ScreenLine("Pool:       ", .bold)
                    + ScreenLine("none: \(facts.driver ?? "this driver") keeps no devicemapper thin pool")
            ]
        }
        var lines = [
            ScreenLine("Pool:       ", .bold) + ScreenLine("\(pool.mode) thin pool \(pool.name ?? "(name unknown)")")
        ]
        lines.append(bar("  data      ", used: pool.dataUsed, total: pool.dataTotal))
        lines.append(bar("  metadata  ", used: pool.metadataUsed, total: pool.metadataTotal))
        lines.append(ScreenLine("  health    ") + health(pool))
        return lines
    }

    /// `[#########-----------]  45% of 107 GB used`: readable without colour; red from 90%, yellow from 75%.
    static func bar(_ label: String, used: UInt64?, total: UInt64?) -> ScreenLine {
        guard let used, let total, total > 0 else { return ScreenLine(label + "usage unknown", .warning) }
        let fraction = min(1, Double(used) / Double(total))
        let filled = Int((fraction * 20).rounded())
        let style: ScreenLine.Style = fraction >= 0.9 ? .bad : fraction >= 0.75 ? .warning : .good
        let percent = String(Int((fraction * 100).rounded())).leftPadded(to: 3)
        return ScreenLine(label + "[")
            + ScreenLine(String(repeating: "#", count: filled), style)
            + ScreenLine(
                String(repeating: "-", count: 20 - filled) + "] \(percent)% of \(ByteCount.format(total)) used")
    }

    static func health(_ pool: HostFacts.Pool) -> ScreenLine {
        let check = pool.needsCheck ? "; flagged needs_check: its metadata must be repaired (thin_check)" : ""
        switch pool.health {
        case "rw":
            return pool.needsCheck
                ? ScreenLine("read-write" + check, .warning) : ScreenLine("healthy (read-write)", .good)
        case "out_of_data_space":
            return ScreenLine("FULL: out of data space; containers cannot write" + check, .bad)
        case "ro":
            return ScreenLine("READ-ONLY: the pool stopped accepting writes" + check, .bad)
        case "Fail", "Error":
            return ScreenLine("FAILED: the kernel cannot read the pool" + check, .bad)
        case .some(let other):
            return ScreenLine(other + check)
        case .none:
            return ScreenLine("unknown" + (pool.unavailable.map { " (\($0))" } ?? ""), .warning)
        }
    }
}
