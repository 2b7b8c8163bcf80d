/// Everything one screen of the wizard shows, as a value: built by the screen builders from what the engine
/// found, drawn by `ScreenRenderer`, answered through `PromptState`. Nothing here touches the terminal.
public struct WizardScreen: Sendable, Equatable {
    /// "Step 2 of 8: where to move".
    public var title: String
    public var body: [ScreenLine]
    public var question: Question
    /// False on the first screen and while the migration runs.
    public var canGoBack: Bool
    /// The bottom line when there is no question (the run's "Ctrl-C stops safely").
    public var footer: String?

    public init(
        title: String, body: [ScreenLine], question: Question = .none, canGoBack: Bool = true, footer: String? = nil
    ) {
        self.title = title
        self.body = body
        self.question = question
        self.canGoBack = canGoBack
        self.footer = footer
    }

    /// The answer line at the bottom: how to answer this screen.
    var hints: String {
        let back = canGoBack ? "b: back   " : ""
        switch question {
        case .none:
            return footer ?? ""
        case .choice:
            return "Up/Down or number, Enter: choose   \(back)q: quit"
        case .text:
            return "Enter: accept   \(canGoBack ? "Esc or b: back   " : "")q: quit"
        }
    }
}
