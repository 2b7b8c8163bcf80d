import Testing

@testable import ThinPool

extension ThinPoolTests {
    @Suite("errors and availability facts")
    struct ThinPoolErrorTests {
        @Test("library messages are attached to the cases that carry them, after any already there")
        func attaching() {
            let failed = ThinPoolError.libraryCallFailed(
                call: "dm_task_run(table)", device: "pool", errno: 13, libraryMessages: ["first"])
            let attached = failed.attaching(["device-mapper: table ioctl on pool failed: Permission denied"])
            #expect(
                attached.libraryMessages == ["first", "device-mapper: table ioctl on pool failed: Permission denied"])
            #expect(
                attached.description
                    == "libdevmapper call dm_task_run(table) for pool failed (errno 13). libdevmapper said: first; "
                    + "device-mapper: table ioctl on pool failed: Permission denied")
            #expect(ThinPoolError.noSuchDevice("pool").attaching(["x"]) == .noSuchDevice("pool"))
            #expect(failed.attaching([]) == failed)
        }

        @Test("each error says what, to what, and what to do next")
        func descriptions() {
            let missing = ThinPoolError.noSuchDevice("docker-thinpool").description
            #expect(missing.contains("no device-mapper device named docker-thinpool") && missing.contains("dmsetup ls"))
            let unreachable = ThinPoolError.deviceMapperUnreachable(
                operation: "list device-mapper devices", libraryMessages: ["open failed: Permission denied"]
            ).description
            #expect(unreachable.hasPrefix("cannot list device-mapper devices:"))
            #expect(unreachable.contains("as root") && unreachable.contains("Permission denied"))
            let noDriver = ThinPoolError.kernelHasNoDeviceMapper(operation: "read the table of x", libraryMessages: [])
            #expect(!noDriver.description.contains("libdevmapper said"))
            let thin = ThinPoolError.wrongTargetType(device: "layer", expected: "thin", found: []).description
            #expect(thin == "layer is not a thin device (no table loaded). Check the name with `dmsetup table`.")
        }

        @Test("/proc/misc lists device-mapper only when the driver is loaded")
        func procMisc() {
            let without = "234 btrfs-control\n237 loop-control\n229 fuse\n"
            let with = without + "236 device-mapper\n"
            #expect(!DeviceMapperAvailability.miscListsDeviceMapper(without))
            #expect(DeviceMapperAvailability.miscListsDeviceMapper(with))
            #expect(!DeviceMapperAvailability.miscListsDeviceMapper("236 device-mapper-ish\n"))
        }

        @Test("availability turns into the error that fits the kernel")
        func availabilityFailure() throws {
            let base = (version: "1.02.185 (2022-05-18)", messages: ["Incompatible libdevmapper"])
            let none = DeviceMapperAvailability(
                libraryVersion: base.version, driverVersion: nil, controlNodeExisted: false,
                kernelListsDeviceMapper: false, libraryMessages: base.messages)
            #expect(
                throws: ThinPoolError.kernelHasNoDeviceMapper(operation: "do it", libraryMessages: base.messages)
            ) { try none.requireAvailable(for: "do it") }
            let refused = DeviceMapperAvailability(
                libraryVersion: base.version, driverVersion: nil, controlNodeExisted: true,
                kernelListsDeviceMapper: true, libraryMessages: base.messages)
            #expect(
                throws: ThinPoolError.deviceMapperUnreachable(operation: "do it", libraryMessages: base.messages)
            ) { try refused.requireAvailable(for: "do it") }
            let fine = DeviceMapperAvailability(
                libraryVersion: base.version, driverVersion: "4.47.0", controlNodeExisted: true,
                kernelListsDeviceMapper: true, libraryMessages: [])
            try fine.requireAvailable()
            #expect(fine.isAvailable)
        }
    }
}
