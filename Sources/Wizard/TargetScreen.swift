import Inventory

/// Screen 2: where Docker's storage goes, and for direct-lvm, which disk takes the thin pool.
enum TargetScreen {
    static let title = "Step 2 of 8: where to move"

    static func make(currentDriver: String?, preset: String?) -> WizardScreen {
        let onOverlay = currentDriver == "overlay2"
        let choices = [
            Choice(
                id: "overlay2", label: "overlay2",
                detail: "what current Docker uses: files on the data root's own filesystem, no pool",
                unavailable: onOverlay ? "this host already runs overlay2" : nil),
            Choice(
                id: "direct-lvm", label: "direct-lvm",
                detail: "devicemapper on an LVM thin pool on a whole, empty disk of its own"),
        ]
        let body: [ScreenLine] = [
            "Docker's images and containers will move off \(currentDriver ?? "the current driver") to the driver you "
                + "choose. Every image is exported first and checked byte for byte; nothing old is deleted.",
            "",
            ScreenLine("overlay2", .bold) + ScreenLine(" is the right choice for almost every host: no pool, no LVM."),
            ScreenLine("direct-lvm", .bold) + ScreenLine(" keeps devicemapper, properly set up on a disk you give it."),
        ]
        return WizardScreen(
            title: title, body: body,
            question: .choice(
                prompt: "Which storage driver should Docker use?", choices: choices,
                initial: choices.firstIndex { $0.id == preset } ?? 0))
    }

    static func devices(_ options: [DeviceOption], searched: String, preset: String?) -> WizardScreen {
        var body: [ScreenLine] = [
            "The thin pool takes a whole disk: everything on it is lost, so it must hold nothing. Disks that are "
                + "mounted, swap, partitioned, part of LVM or RAID, or too small are shown with the reason, and "
                + "cannot be chosen.",
            "",
        ]
        for option in options {
            body.append(
                ScreenLine("\(option.path)  ", .bold)
                    + ScreenLine("\(ByteCount.format(option.sizeBytes))  \(option.model ?? "(no model)")"))
            body.append(
                ScreenLine(
                    "    on it: " + (option.uses.isEmpty ? "nothing found" : option.uses.joined(separator: "; "))
                )
                .hanging(11))
            if let reason = option.unavailable {
                body.append(ScreenLine("    cannot be chosen: \(reason)", .bad).hanging(22))
            }
        }
        if !options.isEmpty { body.append("") }
        let usable = options.filter { $0.unavailable == nil }
        if options.isEmpty {
            body.append(ScreenLine("No disk can take the thin pool: no block devices were found in \(searched).", .bad))
        } else if usable.isEmpty {
            body.append(ScreenLine("No disk can take the thin pool: each one found is in use or unsafe.", .bad))
        }
        if usable.isEmpty {
            body.append("Go back (b) and choose overlay2, or attach an empty disk and start the wizard again.")
        }
        let choices = options.map(\.choice)
        return WizardScreen(
            title: title + " (the disk)", body: body,
            question: .choice(
                prompt: "Which disk should hold the thin pool?", choices: choices,
                initial: choices.firstIndex { $0.id == preset } ?? 0))
    }
}
