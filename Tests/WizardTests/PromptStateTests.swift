import Testing

@testable import Wizard

/// The key handling of every question: arrows skip what cannot be chosen, numbers choose, b and q and Esc
/// and Ctrl-C mean back and quit, text is edited, the body scrolls.
struct PromptStateTests {
    static let choices = WizardScreen(
        title: "t", body: [],
        question: .choice(
            prompt: "?",
            choices: [
                Choice(id: "a", label: "alpha"), Choice(id: "b", label: "beta", unavailable: "it is mounted"),
                Choice(id: "c", label: "gamma"),
            ], initial: 0))

    static func apply(_ keys: [Key], _ screen: WizardScreen, _ state: inout PromptState) -> PromptState.Outcome {
        var outcome = PromptState.Outcome.unchanged
        for key in keys { outcome = state.apply(key, to: screen, page: 5, bodyLines: 0) }
        return outcome
    }

    @Test func arrowsSkipWhatCannotBeChosen() {
        var state = PromptState(for: Self.choices)
        #expect(state.cursor == 0)
        #expect(state.apply(.down, to: Self.choices, page: 5, bodyLines: 0) == .redraw)
        #expect(state.cursor == 2)
        #expect(state.apply(.down, to: Self.choices, page: 5, bodyLines: 0) == .unchanged)
        #expect(Self.apply([.up], Self.choices, &state) == .redraw)
        #expect(state.cursor == 0)
        #expect(Self.apply([.down, .enter], Self.choices, &state) == .answered(.chose("c")))
    }

    @Test func aTypedNumberChoosesAndAnUnavailableOneSaysWhy() {
        var state = PromptState(for: Self.choices)
        #expect(Self.apply([.character("2")], Self.choices, &state) == .redraw)
        #expect(state.cursor == 0)
        #expect(state.message?.text == "beta cannot be chosen: it is mounted")
        #expect(Self.apply([.character("3"), .enter], Self.choices, &state) == .answered(.chose("c")))
        var other = PromptState(for: Self.choices)
        #expect(Self.apply([.character("9")], Self.choices, &other) == .redraw)
        #expect(other.message?.text == "There is no choice 9; the choices are 1 to 3.")
    }

    @Test func backAndQuit() {
        var state = PromptState(for: Self.choices)
        #expect(Self.apply([.character("b")], Self.choices, &state) == .answered(.back))
        #expect(Self.apply([.escape], Self.choices, &state) == .answered(.back))
        #expect(Self.apply([.left], Self.choices, &state) == .answered(.back))
        #expect(Self.apply([.character("q")], Self.choices, &state) == .answered(.quit))
        #expect(Self.apply([.interrupt], Self.choices, &state) == .answered(.quit))
        #expect(Self.apply([.endOfInput], Self.choices, &state) == .answered(.quit))
        var first = Self.choices
        first.canGoBack = false
        #expect(Self.apply([.character("b")], first, &state) == .unchanged, "the first screen has no back")
    }

    @Test func theCursorStartsOnAChoiceThatCanBeChosen() {
        let screen = WizardScreen(
            title: "t", body: [],
            question: .choice(
                prompt: "?", choices: [Choice(id: "x", label: "x", unavailable: "no"), Choice(id: "y", label: "y")],
                initial: 0))
        #expect(PromptState(for: screen).cursor == 1)
        let none = WizardScreen(
            title: "t", body: [],
            question: .choice(prompt: "?", choices: [Choice(id: "x", label: "x", unavailable: "no")], initial: 0))
        var state = PromptState(for: none)
        #expect(state.cursor == -1)
        #expect(Self.apply([.enter], none, &state) == .redraw)
        #expect(state.message?.text == "Nothing here can be chosen: b goes back, q quits.")
    }

    @Test func textIsEditedAndTheWordsBackAndQuitAreCommands() {
        let screen = WizardScreen(title: "t", body: [], question: .text(prompt: "?", label: "dir", initial: "/srv"))
        var state = PromptState(for: screen)
        #expect(state.typed == "/srv")
        #expect(Self.apply([.backspace, .character("x"), .character(" ")], screen, &state) == .redraw)
        #expect(state.typed == "/srx ")
        #expect(Self.apply([.enter], screen, &state) == .answered(.typed("/srx")))
        #expect(Self.apply([.clearLine, .character("b"), .enter], screen, &state) == .answered(.back))
        #expect(Self.apply([.clearLine, .character("q"), .enter], screen, &state) == .answered(.quit))
        #expect(Self.apply([.escape], screen, &state) == .answered(.back))
        #expect(Self.apply([.interrupt], screen, &state) == .answered(.quit))
    }

    @Test func theBodyScrollsByPagesToItsLastLine() {
        // Five rows with 12 lines: four lines and the "-- lines --" marker; a page keeps one line of overlap.
        var state = PromptState(for: Self.choices)
        #expect(state.apply(.pageDown, to: Self.choices, page: 5, bodyLines: 12) == .redraw)
        #expect(state.scroll == 3)
        #expect(state.apply(.character(" "), to: Self.choices, page: 5, bodyLines: 12) == .redraw)
        #expect(state.scroll == 6)
        #expect(state.apply(.pageDown, to: Self.choices, page: 5, bodyLines: 12) == .redraw)
        #expect(state.scroll == 8, "lines 9-12: the last one shows")
        #expect(state.apply(.pageDown, to: Self.choices, page: 5, bodyLines: 12) == .unchanged)
        #expect(state.apply(.home, to: Self.choices, page: 5, bodyLines: 12) == .redraw)
        #expect(state.scroll == 0)
        #expect(state.apply(.end, to: Self.choices, page: 5, bodyLines: 12) == .redraw)
        #expect(state.scroll == 8)
        #expect(state.apply(.pageUp, to: Self.choices, page: 5, bodyLines: 12) == .redraw)
        #expect(state.scroll == 5)
        var short = PromptState(for: Self.choices)
        #expect(short.apply(.pageDown, to: Self.choices, page: 5, bodyLines: 5) == .unchanged, "it all fits")
    }
}
