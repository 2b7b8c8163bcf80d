import Testing

@testable import Wizard

/// Screens laid out exactly: every line cut to the width, the answer line on the last row, a long body paged
/// with a marker, colour only when asked for, and the whole screen as plain text for piped output.
struct ScreenRendererTests {
    static let screen = WizardScreen(
        title: "Step 2 of 8: where", body: ["line one", "line two"],
        question: .choice(
            prompt: "Pick one?",
            choices: [
                Choice(id: "a", label: "alpha", detail: "first"),
                Choice(id: "b", label: "beta", detail: "second", unavailable: "broken"),
            ], initial: 0))

    @Test func aChoiceScreenLineByLine() {
        let frame = ScreenRenderer(columns: 40, rows: 12, colour: false).render(
            Self.screen, PromptState(for: Self.screen))
        #expect(
            frame.lines == [
                "drivershift wizard | Step 2 of 8: where",
                String(repeating: "-", count: 40),
                "line one",
                "line two",
                "",
                "Pick one?",
                "  > 1. alpha  first",
                "    2. beta   second (cannot be chose...",
                "",
                "",
                "",
                "Up/Down or number, Enter: choose   b:...",
            ])
        #expect(frame.cursor == nil)
        #expect(frame.lines.allSatisfy { $0.count <= 40 })
    }

    @Test func aLongBodyIsPagedAndATextQuestionPlacesTheCursor() {
        let screen = WizardScreen(
            title: "T", body: (1...10).map { ScreenLine("b\($0)") },
            question: .text(prompt: "Which?", label: "dir", initial: "/srv"))
        let renderer = ScreenRenderer(columns: 40, rows: 12, colour: false)
        var state = PromptState(for: screen)
        #expect(renderer.bodyHeight(screen, state) == 6)
        let top = renderer.render(screen, state)
        #expect(
            top.lines == [
                "drivershift wizard | T", String(repeating: "-", count: 40), "b1", "b2", "b3", "b4", "b5",
                "-- lines 1-5 of 10; PgDn/Space: more --", "", "Which?", "  dir: /srv",
                "Enter: accept   Esc or b: back   q: quit",
            ])
        #expect(top.cursor?.row == 10 && top.cursor?.column == 11)
        state.scroll = 5
        let bottom = renderer.render(screen, state)
        #expect(Array(bottom.lines[2...7]) == ["b6", "b7", "b8", "b9", "b10", "-- lines 6-10 of 10; PgUp: back up --"])
    }

    @Test func colourMarksTheCursorAndStylesAndIsOffUnlessAsked() {
        let frame = ScreenRenderer(columns: 60, rows: 12, colour: true).render(
            Self.screen, PromptState(for: Self.screen))
        #expect(frame.lines[0] == "\u{1B}[2mdrivershift wizard | \u{1B}[0m\u{1B}[1mStep 2 of 8: where\u{1B}[0m")
        #expect(frame.lines[6] == "\u{1B}[7m  > 1. alpha\u{1B}[0m  first")
        #expect(WizardDisplay.wantsColour(outputIsTerminal: true, environment: [:]))
        #expect(WizardDisplay.wantsColour(outputIsTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!WizardDisplay.wantsColour(outputIsTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!WizardDisplay.wantsColour(outputIsTerminal: true, environment: ["TERM": "dumb"]))
        #expect(!WizardDisplay.wantsColour(outputIsTerminal: false, environment: [:]))
    }

    @Test func pipedOutputGetsTheWholeScreenAsPlainText() {
        let lines = ScreenRenderer(columns: 40, rows: 12, colour: false).renderPlain(
            Self.screen, PromptState(for: Self.screen))
        #expect(
            lines == [
                "", "== Step 2 of 8: where ==", "line one", "line two", "", "Pick one?", "  > 1. alpha  first",
                "    2. beta   second (cannot be chosen: broken)",
                "(Up/Down or number, Enter: choose   b: back   q: quit)",
            ])
    }

    @Test func aMessageAndTypedDigitsTakeRowsFromTheBodyNotFromTheAnswerLine() {
        var state = PromptState(for: Self.screen)
        state.message = ScreenLine("There is no choice 7.", .warning)
        state.typed = "7"
        let renderer = ScreenRenderer(columns: 40, rows: 10, colour: false)
        let frame = renderer.render(Self.screen, state)
        #expect(frame.lines.count == 10)
        #expect(renderer.bodyHeight(Self.screen, state) == 1)
        #expect(frame.lines[2] == "-- 2 lines hidden: window too small --")
        #expect(
            frame.lines[4...7] == [
                "Pick one?", "  > 1. alpha  first", "    2. beta   second (cannot be chose...", "  typed: 7",
            ])
        #expect(frame.lines[8] == "There is no choice 7.")
        #expect(frame.lines[9].hasPrefix("Up/Down"))
    }
}
