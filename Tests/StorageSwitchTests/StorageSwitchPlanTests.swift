import HostConfig
import Preflight
import StorageSwitch
import Testing

@Suite struct StorageSwitchPlanTests {
    @Test func blockersAreTheBlockingChecks() {
        let plan = StorageSwitchPlan(
            target: .overlay2,
            preflight: [
                PreflightCheck(id: "a", title: "a", status: .ok, finding: "fine"),
                PreflightCheck(id: "b", title: "b", status: .blocker, finding: "no"),
            ],
            fileEdits: [], daemonControl: .systemd)
        #expect(plan.blockers.map(\.id) == ["b"])
    }
}
