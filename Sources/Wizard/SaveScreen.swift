/// Screen 7: save the plan file, always offered: it can be reviewed (`drivershift report`) and replayed
/// unattended (`drivershift run --plan`), here or on an identical host.
enum SaveScreen {
    static let title = "Step 7 of 8: save the plan"

    static func make(defaultPath: String, saved: String?, runCopy: String) -> WizardScreen {
        var body: [ScreenLine] = [
            "The plan file holds everything the last screen showed. With it you can:",
            "  - review it:                 drivershift report PLAN --format html -o report.html",
            "  - run it without the wizard: drivershift run --plan PLAN",
            "",
            "The run keeps its own copy in \(runCopy) either way.",
        ]
        if let saved { body += ["", ScreenLine("The plan is saved in \(saved).", .good)] }
        let choices = [
            Choice(id: "default", label: "Save to \(defaultPath)"),
            Choice(id: "other", label: "Save elsewhere...", detail: "type a file name"),
            Choice(id: "skip", label: saved == nil ? "Do not save" : "Continue", detail: "go on to the run"),
        ]
        return WizardScreen(
            title: title, body: body,
            question: .choice(prompt: "Save the plan file?", choices: choices, initial: saved == nil ? 0 : 2))
    }

    static func typing(_ initial: String) -> WizardScreen {
        WizardScreen(
            title: title, body: ["Type the file to write the plan to (YAML). An existing file is replaced."],
            question: .text(prompt: "Which file?", label: "plan file", initial: initial))
    }
}
