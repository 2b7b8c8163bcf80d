/// What a screen asks: pick one of a list, type a line, or nothing (a screen that only shows).
public enum Question: Sendable, Equatable {
    case none
    /// `initial` is the index the cursor starts on.
    case choice(prompt: String, choices: [Choice], initial: Int)
    /// A line of text, `initial` already typed (a default the person edits or accepts).
    case text(prompt: String, label: String, initial: String)
}

/// One answer of a choice question. An unavailable one is shown with its reason and cannot be chosen.
public struct Choice: Sendable, Equatable {
    public var id: String
    public var label: String
    public var detail: String
    /// Why it cannot be chosen; nil when it can.
    public var unavailable: String?

    public init(id: String, label: String, detail: String = "", unavailable: String? = nil) {
        self.id = id
        self.label = label
        self.detail = detail
        self.unavailable = unavailable
    }
}

/// What the person answered.
public enum Answer: Sendable, Equatable {
    case chose(String)
    case typed(String)
    case back
    case quit
}
