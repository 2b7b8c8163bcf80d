import Testing

@testable import HostConfig

@Suite("ConfigEditPlanner: golden diffs for the layouts users have")
struct ConfigEditGoldenTests {
    @Test func redHatDocker113ToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.redHatDocker113(), to: .overlay2, golden: GoldenDiffs.redHatDocker113Overlay2,
            name: "redHatDocker113Overlay2")
    }

    @Test func redHatDocker113ToDirectLVM() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.redHatDocker113(), to: ConfigEditLayouts.thinPool,
            golden: GoldenDiffs.redHatDocker113DirectLVM, name: "redHatDocker113DirectLVM")
    }

    @Test func dockerCE1809ToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.dockerCE1809(), to: .overlay2, golden: GoldenDiffs.dockerCE1809Overlay2,
            name: "dockerCE1809Overlay2")
    }

    @Test func dockerCE1809ToDirectLVM() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.dockerCE1809(), to: .directLVM(thinPoolDevice: "/dev/mapper/docker-newpool"),
            golden: GoldenDiffs.dockerCE1809DirectLVM, name: "dockerCE1809DirectLVM")
    }

    @Test func storageDropInToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.storageDropIn(), to: .overlay2, golden: GoldenDiffs.storageDropInOverlay2,
            name: "storageDropInOverlay2")
    }

    @Test func vendorUnitWithFlagsToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.vendorUnitWithFlags(), to: .overlay2, golden: GoldenDiffs.vendorUnitWithFlagsOverlay2,
            name: "vendorUnitWithFlagsOverlay2")
    }

    @Test func ubuntuInitScriptToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.ubuntuInitScript(), to: .overlay2, golden: GoldenDiffs.ubuntuInitScriptOverlay2,
            name: "ubuntuInitScriptOverlay2")
    }

    @Test func unusualDaemonJSONToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.unusualDaemonJSON(), to: .overlay2, golden: GoldenDiffs.unusualDaemonJSONOverlay2,
            name: "unusualDaemonJSONOverlay2")
    }

    @Test func oneLineDaemonJSONToDirectLVM() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.oneLineDaemonJSONHost(), to: ConfigEditLayouts.thinPool,
            golden: GoldenDiffs.oneLineDaemonJSONDirectLVM, name: "oneLineDaemonJSONDirectLVM")
    }

    @Test func legacyGraphToOverlay2() throws {
        try ConfigEditCheck.run(
            ConfigEditLayouts.legacyGraph(), to: .overlay2, golden: GoldenDiffs.legacyGraphOverlay2,
            name: "legacyGraphOverlay2")
    }
}
