import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Signals that arrived while deferred, one bit per signal number. A handler may only touch lock-free state.
private let deferredSignals = Atomic<Int>(0)

private func recordDeferredSignal(_ number: Int32) {
    deferredSignals.bitwiseOr(1 << Int(number), ordering: .relaxed)
}

/// Holds off SIGINT, SIGTERM and SIGHUP while something that must be undone is held outside the process (a
/// metadata snapshot reserved in the kernel pins pool metadata until it is released). A signal that arrives
/// meanwhile is recorded (child processes still get it from the terminal and stop, which ends the work early);
/// afterwards the previous handlers come back and each recorded signal is raised again, so it takes effect
/// as it would have, only later.
enum InterruptDeferral {
    static let interrupts: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// `signals` and `raiseAgain` are for tests. Signals are sent to the process again, not raised in this
    /// thread: Swift's concurrency threads block signals, so a raised one would wait there for ever.
    static func run<T>(
        signals: [Int32] = interrupts, raiseAgain: (Int32) -> Void = { _ = kill(getpid(), $0) },
        _ body: () async throws -> T
    ) async rethrows -> T {
        let previous = signals.map { signal($0, recordDeferredSignal) }
        defer {
            for (number, handler) in zip(signals, previous) { signal(number, handler) }
            let seen = deferredSignals.exchange(0, ordering: .relaxed)
            for number in signals where seen & (1 << Int(number)) != 0 { raiseAgain(number) }
        }
        return try await body()
    }
}
