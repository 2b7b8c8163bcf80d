import Synchronization
import Testing

@testable import Inventory

#if canImport(Glibc)
    import Glibc
#endif

private let previousHandlerCalls = Atomic<Int>(0)
private func previousHandler(_: Int32) { previousHandlerCalls.add(1, ordering: .relaxed) }

/// A signal that arrives while a metadata snapshot is held is recorded, not acted on; once the work is done the
/// previous handler is back and the signal is raised again. SIGUSR1/SIGUSR2 stand in for SIGINT/SIGTERM, which
/// other suites of this test process watch.
@Suite(.serialized) struct InterruptDeferralTests {
    @Test func aSignalDuringTheWorkIsRaisedAgainAfterIt() async {
        signal(SIGUSR1, previousHandler)
        defer { signal(SIGUSR1, SIG_DFL) }
        var raisedAgain: [Int32] = []
        var finished = false
        await InterruptDeferral.run(signals: [SIGUSR1, SIGUSR2], raiseAgain: { raisedAgain.append($0) }) {
            // To the process, as a terminal's Ctrl-C comes: some thread that does not block it takes it.
            kill(getpid(), SIGUSR1)
            try? await Task.sleep(for: .milliseconds(300))
            finished = true
        }
        #expect(finished, "the work went on after the signal")
        #expect(raisedAgain == [SIGUSR1])
        #expect(previousHandlerCalls.load(ordering: .relaxed) == 0, "the previous handler did not see it meanwhile")
        kill(getpid(), SIGUSR1)
        for _ in 0..<100 where previousHandlerCalls.load(ordering: .relaxed) == 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        #expect(previousHandlerCalls.load(ordering: .relaxed) == 1, "the previous handler is back")
    }

    @Test func noSignalNothingRaised() async throws {
        var raisedAgain: [Int32] = []
        let value = await InterruptDeferral.run(signals: [SIGUSR2], raiseAgain: { raisedAgain.append($0) }) { 42 }
        #expect(value == 42 && raisedAgain.isEmpty)
        // SIGUSR2 is back to its default (terminate): asking for it again returns the default handler.
        let restored = signal(SIGUSR2, SIG_DFL)
        #expect(restored == nil, "SIG_DFL is a null handler")
    }
}
