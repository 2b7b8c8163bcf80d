import Synchronization

/// Bytes done across parallel items, each reporting its own cumulative count.
final class ProgressCounter: Sendable {
    private struct State {
        var total: UInt64?
        var perItem: [String: UInt64] = [:]
        var done: UInt64 = 0
    }

    private let state = Mutex(State())

    var total: UInt64? { state.withLock { $0.total } }

    func start(total: UInt64) { state.withLock { $0.total = total } }

    /// Records `item`'s cumulative bytes and returns the sum over all items.
    func update(_ item: String, _ bytes: UInt64) -> UInt64 {
        state.withLock { state in
            let previous = state.perItem[item] ?? 0
            if bytes > previous {
                state.done += bytes - previous
                state.perItem[item] = bytes
            }
            return state.done
        }
    }
}
