import Inventory
import Migration

/// Screen 3: what the migration carries. Images and volumes always come along; containers follow a policy.
enum CarryScreen {
    static func make(_ facts: HostFacts, preset: ContainerPolicy) -> WizardScreen {
        let body: [ScreenLine] = [
            ScreenLine("Images:     ", .bold)
                + ScreenLine(
                    "every one is carried: \(facts.taggedImages) tagged, \(facts.untaggedImages) untagged (kept by ID)"),
            ScreenLine("Volumes:    ", .bold)
                + ScreenLine("\(Plural.count(facts.volumes, "volume")), left in place and checked by digest afterwards"),
            ScreenLine("Containers: ", .bold)
                + ScreenLine(
                    "\(Plural.count(facts.containers, "container")); changes in the writable layer: "
                        + "\(facts.changedContainers)"),
            "",
            "A container's writable layer (files changed inside it) lives in the old driver. With recreate, changed "
                + "layers are committed to images first, so nothing written is lost.",
        ]
        let choices = [
            Choice(
                id: ContainerPolicy.recreate.rawValue, label: "recreate",
                detail: "same names, settings, networks, volumes; running ones started again"),
            Choice(
                id: ContainerPolicy.commitOnly.rawValue, label: "commit-only",
                detail: "keep changed writable layers as images; create no containers"),
            Choice(
                id: ContainerPolicy.skip.rawValue, label: "skip",
                detail: "leave containers behind (the report lists each one)"),
        ]
        return WizardScreen(
            title: "Step 3 of 8: what to carry", body: body,
            question: .choice(
                prompt: "What should happen to the containers?", choices: choices,
                initial: choices.firstIndex { $0.id == preset.rawValue } ?? 0))
    }
}
