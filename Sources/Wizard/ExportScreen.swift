import Inventory
import StorageSwitch

/// Screen 4: where the export store goes, with free space against need. A place that cannot take it is shown
/// with the reason and cannot be chosen; a typed one is judged the same way.
enum ExportScreen {
    static let title = "Step 4 of 8: where the export goes"
    /// The planner's default lives here (`export-<plan id>`), so its free space is measured here.
    static let defaultParent = StorageSwitchOptions.defaultStateDirectory

    static func make(defaultPlace: ExportPlace, chosen: ExportPlace?) -> WizardScreen {
        var body: [ScreenLine] = [
            "Before anything changes, every image is exported as verified layer files to a directory of its own. It "
                + "is the safety net: the old data stays too, until you clean it up.",
            "",
            ScreenLine("Needed: ", .bold)
                + ScreenLine("\(ByteCount.format(defaultPlace.neededBytes)) (every layer once, plus a margin)"),
        ]
        if let note = chosen?.note ?? defaultPlace.note { body += ["", ScreenLine("Note: " + note, .warning)] }
        var choices = [
            Choice(
                id: "default", label: "\(defaultParent)/export-<plan id>",
                detail: "(default) " + defaultPlace.summary, unavailable: defaultPlace.refusal)
        ]
        if let chosen, chosen.refusal == nil {
            choices.append(Choice(id: "chosen", label: chosen.path, detail: chosen.summary))
        }
        choices.append(Choice(id: "other", label: "Another directory...", detail: "type its path"))
        let initial = chosen?.refusal == nil && chosen != nil ? 1 : 0
        return WizardScreen(
            title: title, body: body,
            question: .choice(prompt: "Where should the export go?", choices: choices, initial: initial))
    }

    static func typing(_ initial: String, neededBytes: UInt64) -> WizardScreen {
        WizardScreen(
            title: title,
            body: [
                "Type a directory on the host (created if it does not exist). It needs "
                    + "\(ByteCount.format(neededBytes)) free, and must not be inside Docker's data root."
            ],
            question: .text(prompt: "Which directory?", label: "directory", initial: initial))
    }
}
