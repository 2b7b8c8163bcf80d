import DirectLVM
import Testing

@Suite struct ThinPoolSettingsTests {
    @Test func deviceNameDoublesDashes() {
        #expect(ThinPoolSettings().thinPoolDevice == "/dev/mapper/docker-thinpool")
        #expect(
            ThinPoolSettings(volumeGroup: "docker-vg", thinPool: "pool").thinPoolDevice
                == "/dev/mapper/docker--vg-pool")
    }
}
