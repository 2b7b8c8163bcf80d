/// How a step ended, as a play recap counts it.
public enum StepOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Checked and found as it should be; nothing changed.
    case ok
    case changed
    case skipped(reason: String)
    case failed(message: String)

    public var label: String {
        switch self {
        case .ok: return "ok"
        case .changed: return "changed"
        case .skipped: return "skipped"
        case .failed: return "failed"
        }
    }

    public var description: String {
        switch self {
        case .ok, .changed: return label
        case .skipped(let reason): return "skipped (\(reason))"
        case .failed(let message): return "failed: \(message)"
        }
    }
}
