import Foundation

/// Where the person is on one screen: the choice under the cursor, what they typed, how far the body is
/// scrolled, and a message for them. `apply` is the whole of the wizard's key handling, kept pure for tests.
public struct PromptState: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Nothing to do (a key with no meaning here).
        case unchanged
        /// The state changed: draw again.
        case redraw
        case answered(Answer)
    }

    /// Index into the choices; -1 when none can be chosen.
    public var cursor: Int
    /// Digits typed toward a choice number, or the text of a text question.
    public var typed: String
    /// The first body line shown.
    public var scroll: Int
    public var message: ScreenLine?

    public init(for screen: WizardScreen, message: ScreenLine? = nil) {
        cursor = -1
        typed = ""
        scroll = 0
        self.message = message
        switch screen.question {
        case .choice(_, let choices, let initial):
            if choices.indices.contains(initial), choices[initial].unavailable == nil {
                cursor = initial
            } else {
                cursor = choices.firstIndex { $0.unavailable == nil } ?? -1
            }
        case .text(_, _, let initial):
            typed = initial
        case .none:
            break
        }
    }

    /// Applies one key. `page` is how many body lines fit on the screen, `bodyLines` how many there are.
    public mutating func apply(_ key: Key, to screen: WizardScreen, page: Int, bodyLines: Int) -> Outcome {
        var isText = false
        if case .text = screen.question { isText = true }
        if let scrolled = scroll(key, page: page, bodyLines: bodyLines, isText: isText) { return scrolled }
        switch key {
        case .interrupt, .endOfInput:
            return .answered(.quit)
        case .escape:
            if screen.canGoBack { return .answered(.back) }
        default:
            break
        }
        switch screen.question {
        case .none:
            return .unchanged
        case .choice(_, let choices, _):
            return applyToChoice(key, choices, canGoBack: screen.canGoBack)
        case .text:
            return applyToText(key, canGoBack: screen.canGoBack)
        }
    }

    private mutating func scroll(_ key: Key, page: Int, bodyLines: Int, isText: Bool) -> Outcome? {
        // A body longer than the page gives one row to the "-- lines x-y of z --" marker (ScreenRenderer).
        let shown = bodyLines > page ? max(1, page - 1) : max(1, page)
        let last = max(0, bodyLines - shown)
        let step = max(1, shown - 1)
        let target: Int
        switch key {
        case .pageDown: target = scroll + step
        case .character(" ") where !isText: target = scroll + step
        case .pageUp: target = scroll - step
        case .home: target = 0
        case .end: target = last
        default: return nil
        }
        let clamped = min(max(0, target), last)
        guard clamped != scroll else { return .unchanged }
        scroll = clamped
        return .redraw
    }

    private mutating func applyToChoice(_ key: Key, _ choices: [Choice], canGoBack: Bool) -> Outcome {
        switch key {
        case .up, .down:
            let step = key == .up ? -1 : 1
            var index = cursor
            repeat {
                index += step
            } while choices.indices.contains(index) && choices[index].unavailable != nil
            guard choices.indices.contains(index) else { return .unchanged }
            cursor = index
            typed = ""
            message = nil
            return .redraw
        case .enter:
            if !typed.isEmpty, let chosen = Int(typed), let outcome = pick(chosen, choices, answer: true) {
                return outcome
            }
            guard choices.indices.contains(cursor) else {
                message = ScreenLine("Nothing here can be chosen: b goes back, q quits.", .warning)
                return .redraw
            }
            return .answered(.chose(choices[cursor].id))
        case .character(let character) where character.isNumber:
            var number = typed + String(character)
            if Int(number).map({ $0 < 1 || $0 > choices.count }) ?? true { number = String(character) }
            typed = number
            return pick(Int(number) ?? 0, choices, answer: false) ?? .redraw
        case .character("b") where canGoBack, .left where canGoBack:
            return .answered(.back)
        case .character("q"):
            return .answered(.quit)
        case .backspace:
            guard !typed.isEmpty else { return .unchanged }
            typed.removeLast()
            return .redraw
        default:
            return .unchanged
        }
    }

    /// Moves the cursor to choice `number` (1-based), or says why it cannot be chosen.
    private mutating func pick(_ number: Int, _ choices: [Choice], answer: Bool) -> Outcome? {
        let index = number - 1
        guard choices.indices.contains(index) else {
            message = ScreenLine("There is no choice \(number); the choices are 1 to \(choices.count).", .warning)
            typed = ""
            return .redraw
        }
        if let reason = choices[index].unavailable {
            message = ScreenLine("\(choices[index].label) cannot be chosen: \(reason)", .warning)
            typed = ""
            return .redraw
        }
        cursor = index
        message = nil
        if answer { return .answered(.chose(choices[index].id)) }
        return nil
    }

    private mutating func applyToText(_ key: Key, canGoBack: Bool) -> Outcome {
        switch key {
        case .enter:
            let text = typed.trimmingCharacters(in: .whitespaces)
            let word = text.lowercased()
            if canGoBack && (word == "b" || word == "back") { return .answered(.back) }
            if word == "q" || word == "quit" { return .answered(.quit) }
            return .answered(.typed(text))
        case .backspace:
            guard !typed.isEmpty else { return .unchanged }
            typed.removeLast()
            message = nil
            return .redraw
        case .clearLine:
            typed = ""
            message = nil
            return .redraw
        case .character(let character):
            typed.append(character)
            message = nil
            return .redraw
        default:
            return .unchanged
        }
    }
}
