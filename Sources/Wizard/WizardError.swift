/// Why the wizard could not go on. Each message says what happened and what to do instead.
public enum WizardError: Error, CustomStringConvertible {
    case terminal(String)
    case notATerminal

    public var description: String {
        switch self {
        case .terminal(let reason):
            return "the terminal cannot be used for the wizard (\(reason)); use `drivershift plan ... -o plan.yaml` "
                + "and `drivershift run --plan plan.yaml` instead"
        case .notATerminal:
            return Self.notATerminalMessage
        }
    }

    static let notATerminalMessage =
        "the wizard asks questions and needs a terminal on stdin, and stdin is not one. Without a terminal, write "
        + "a plan with `drivershift plan --to overlay2 -o plan.yaml` (review it with `drivershift report "
        + "plan.yaml`) and carry it out with `drivershift run --plan plan.yaml --yes`."
}
