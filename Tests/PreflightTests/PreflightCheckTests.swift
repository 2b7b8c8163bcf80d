import Preflight
import Testing

@Suite struct PreflightCheckTests {
    @Test func blockerOutranksWarning() {
        #expect(PreflightCheck.Status.blocker > .warning)
        #expect(PreflightCheck.Status.warning > .ok)
    }
}
