import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Signals are process-wide, and a handler may only touch lock-free state: these counters.
private let interruptsReceived = Atomic<Int>(0)
private let resizeReceived = Atomic<Bool>(false)

private func recordSignal(_ number: Int32) {
    if number == SIGWINCH {
        resizeReceived.store(true, ordering: .relaxed)
    } else {
        interruptsReceived.add(1, ordering: .relaxed)
    }
}

/// Catches SIGINT, SIGTERM, SIGHUP and SIGWINCH while the wizard runs, so that none of them kills it with the
/// terminal left raw. They are only counted; the wizard's loops look at the counts between keys and between
/// steps, which is where it is safe to act.
public final class SignalWatcher: Sendable {
    static let watched = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]

    public init() {}

    public func start() {
        for number in Self.watched { signal(number, recordSignal) }
    }

    public func stop() {
        for number in Self.watched { signal(number, SIG_DFL) }
    }

    /// SIGINT, SIGTERM and SIGHUP received so far.
    public var interruptCount: Int { interruptsReceived.load(ordering: .relaxed) }

    /// True once after each resize.
    public func takeResize() -> Bool { resizeReceived.exchange(false, ordering: .relaxed) }
}
