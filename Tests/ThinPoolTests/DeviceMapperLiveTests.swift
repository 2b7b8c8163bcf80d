import CDeviceMapper
import Foundation
import Testing

@testable import ThinPool

#if canImport(Glibc)
    import Glibc
#endif

extension ThinPoolTests {
    /// The live libdevmapper path on whatever kernel runs the tests. On these build machines the kernel has
    /// no device-mapper, and every live call must fail with `kernelHasNoDeviceMapper`, carrying the library's
    /// own words and printing nothing. On a kernel with device-mapper (the VM suite) the same tests assert
    /// that the calls work instead; neither case is skipped.
    @Suite("libdevmapper, live")
    struct DeviceMapperLiveTests {
        let client = DeviceMapperClient()

        /// What the live calls must do here, decided from the kernel's own view (sysfs) after a library
        /// call has had the chance to autoload dm_mod; not from /dev/mapper/control, which libdevmapper
        /// creates itself when run as root, even on a kernel without the driver.
        enum Kernel: CustomStringConvertible {
            case usable, refusesNonRoot, hasNoDeviceMapper

            static func current() -> Kernel {
                guard FileManager.default.fileExists(atPath: "/sys/class/misc/device-mapper") else {
                    return .hasNoDeviceMapper
                }
                return getuid() == 0 ? .usable : .refusesNonRoot
            }

            var description: String {
                switch self {
                case .usable: "a kernel with device-mapper"
                case .refusesNonRoot: "a kernel with device-mapper, as non-root"
                case .hasNoDeviceMapper: "a kernel without device-mapper"
                }
            }
        }

        @Test("dm_get_library_version answers without a kernel driver")
        func libraryVersion() {
            let version = client.libraryVersion
            #expect(version.hasPrefix("1.02."), "library version: \(version)")
        }

        @Test("a live status call works, or says clearly that this kernel has no device-mapper; nothing is printed")
        func liveStatus() throws {
            let (outcome, stderr) = try StandardErrorCapture.capture {
                (
                    availability: client.availability(),
                    status: Result { () throws(ThinPoolError) in try client.status(of: "docker-thinpool") },
                    // libdevmapper's own thin-pool parser logs an error each time it rejects text, whatever the
                    // kernel, so this capture proves the sink works even if an earlier test made the first call.
                    rejected: Self.libraryParsesThinPoolStatus("not a status")
                )
            }
            #expect(StandardErrorCapture.linesNotFromTestFramework(stderr).isEmpty, "written to stderr: \(stderr)")
            #expect(outcome.availability.libraryVersion == client.libraryVersion)
            #expect(outcome.rejected.parsed == nil)
            #expect(outcome.rejected.messages.contains { $0.contains("not a status") }, "\(outcome.rejected.messages)")

            switch Kernel.current() {
            case .usable:
                #expect(outcome.availability.isAvailable, "\(outcome.availability)")
                #expect(outcome.availability.driverVersion?.hasPrefix("4.") == true)
                switch outcome.status {
                case .success(let targets):
                    #expect(targets.contains { $0.targetType == "thin-pool" }, "\(targets)")
                case .failure(let error):
                    #expect(error == .noSuchDevice("docker-thinpool"), "\(error)")
                }
            case .refusesNonRoot:
                let error = try #require(throws: ThinPoolError.self) { try outcome.status.get() }
                guard case .deviceMapperUnreachable = error else {
                    Issue.record("expected .deviceMapperUnreachable, got \(error)")
                    return
                }
            case .hasNoDeviceMapper:
                #expect(!outcome.availability.isAvailable)
                #expect(outcome.availability.driverVersion == nil)
                let error = try #require(throws: ThinPoolError.self) { try outcome.status.get() }
                guard case .kernelHasNoDeviceMapper(let operation, let messages) = error else {
                    Issue.record("expected .kernelHasNoDeviceMapper, got \(error)")
                    return
                }
                #expect(operation == "read the status of docker-thinpool")
                #expect(
                    messages.contains {
                        $0.contains("Failure to communicate with kernel device-mapper driver")
                            || $0.contains("Incompatible libdevmapper")
                    }, "library messages: \(messages)")
                let text = error.description
                #expect(text.contains("cannot read the status of docker-thinpool"))
                #expect(text.contains("this kernel has no device-mapper"))
                #expect(text.contains("modprobe dm_mod"))
                #expect(text.contains("offline path"))
                #expect(text.contains("libdevmapper said: "))
            }
        }

        @Test("every live call agrees with the kernel: works with device-mapper, refuses clearly without")
        func everyCall() throws {
            let missing = "drivershift-test-no-such-device-\(getpid())"
            typealias Call = () throws(ThinPoolError) -> Void
            let calls: [(String, Call)] = [
                ("list", { () throws(ThinPoolError) in _ = try client.listDevices() }),
                ("table", { () throws(ThinPoolError) in _ = try client.table(of: missing) }),
                ("status", { () throws(ThinPoolError) in _ = try client.status(of: missing) }),
                ("info", { () throws(ThinPoolError) in _ = try client.info(of: missing) }),
                ("exists", { () throws(ThinPoolError) in _ = try client.deviceExists(missing) }),
                ("health", { () throws(ThinPoolError) in _ = try client.poolHealth(poolName: missing) }),
                ("thin", { () throws(ThinPoolError) in _ = try client.thinDeviceStatus(of: missing) }),
                ("thinDevices", { () throws(ThinPoolError) in _ = try client.thinDevices(onPool: "253:99") }),
                // With device-mapper: a one-target read-only device made and removed again (leaves nothing).
                (
                    "create",
                    { () throws(ThinPoolError) in
                        try client.createDevice(
                            missing, targets: [TargetLine(start: 0, length: 8, targetType: "zero", params: "")],
                            readOnly: true)
                    }
                ),
                ("remove", { () throws(ThinPoolError) in try client.removeDevice(missing) }),
            ]
            let (results, stderr) = try StandardErrorCapture.capture {
                calls.map { name, call in (name, Result(catching: call)) }
            }
            #expect(StandardErrorCapture.linesNotFromTestFramework(stderr).isEmpty, "written to stderr: \(stderr)")
            let kernel = Kernel.current()
            for (call, result) in results {
                switch (kernel, call, result) {
                case (.usable, "list", .success), (.usable, "exists", .success), (.usable, "create", .success),
                    (.usable, "remove", .success), (.usable, "thinDevices", .success),
                    (.usable, _, .failure(.noSuchDevice(missing))),
                    (.refusesNonRoot, _, .failure(.deviceMapperUnreachable)):
                    continue
                case (.hasNoDeviceMapper, _, .failure(.kernelHasNoDeviceMapper(_, let messages)))
                where !messages.isEmpty:
                    continue
                default:
                    Issue.record("\(call) on \(kernel) gave \(result)")
                }
            }
            guard kernel == .usable else { return }
            #expect(try client.deviceExists(missing) == false)
            for device in try client.listDevices() {
                let info = try client.info(of: device.name)
                #expect(info.major == device.major && info.minor == device.minor, "\(device) vs \(info)")
                _ = try client.status(of: device.name)
                _ = try client.table(of: device.name)
            }
        }

        @Test("names the kernel cannot take are refused before libdevmapper sees them")
        func invalidNames() throws {
            #expect(throws: ThinPoolError.invalidDeviceName("", reason: "it is empty")) {
                try DeviceMapperTask.validate("")
            }
            for name in ["/dev/mapper/docker-thinpool", String(repeating: "x", count: 128)] {
                let error = try #require(throws: ThinPoolError.self) { try DeviceMapperTask.validate(name) }
                #expect(error.description.contains("cannot name a device-mapper device"))
            }
            try DeviceMapperTask.validate(String(repeating: "x", count: 127))
            try DeviceMapperTask.validate("docker-254:0-131098-pool")
            if Kernel.current() == .usable {
                #expect(throws: ThinPoolError.invalidDeviceName("", reason: "it is empty")) {
                    try client.status(of: "")
                }
            }
        }

        @Test("only errors and warnings are kept from the library's log, and a bound holds")
        func logLevels() {
            let (_, messages) = DeviceMapperGate.shared.exclusive { (_: borrowing DeviceMapperGate.Session) in
                for (level, text) in [(3, "an error"), (4, "a warning"), (5, "a notice"), (7, "<backtrace>")] {
                    text.withCString { DeviceMapperLog.record(level: Int32(level), message: $0) }
                }
                DeviceMapperLog.record(level: 3, message: nil)
                return 0
            }
            #expect(messages == ["an error", "a warning"])

            let (_, flood) = DeviceMapperGate.shared.exclusive { (_: borrowing DeviceMapperGate.Session) in
                for index in 0..<(DeviceMapperLog.capacity + 5) {
                    "error \(index)".withCString { DeviceMapperLog.record(level: 3, message: $0) }
                }
                return 0
            }
            #expect(flood.count == DeviceMapperLog.capacity + 1)
            #expect(flood.last == "(5 more messages not kept)")
        }

        /// libdevmapper's own parser (`dm_get_status_thin_pool`), run through the gate: a reference to check
        /// ours against, and a library call that logs on bad input whatever the kernel.
        static func libraryParsesThinPoolStatus(
            _ params: String
        ) -> (parsed: dm_status_thin_pool?, messages: [String]) {
            let (parsed, messages) = DeviceMapperGate.shared.exclusive {
                (_: borrowing DeviceMapperGate.Session) -> dm_status_thin_pool? in
                guard let memory = dm_pool_create("thinpool-tests", 1024) else { return nil }
                defer { dm_pool_destroy(memory) }
                var status: UnsafeMutablePointer<dm_status_thin_pool>?
                guard dm_get_status_thin_pool(memory, params, &status) != 0, let status else { return nil }
                return status.pointee
            }
            return (parsed, messages)
        }

        @Test(
            "our thin-pool parser agrees with libdevmapper's on real lines",
            arguments: [
                ThinPoolStatusTests.loopLVM,
                "50 4270/524288 1512/1638400 117 rw no_discard_passdown error_if_no_space - 1024 ",
                "12 351/16384 9600/9600 - out_of_data_space discard_passdown queue_if_no_space - 1024",
                "71 812/16384 2400/9600 - ro discard_passdown queue_if_no_space needs_check 1024",
                "1 1/2 1/2 - rw ignore_discard queue_if_no_space - 1",
                "Fail",
            ])
        func agreesWithLibrary(params: String) throws {
            let ours = try ThinPoolStatus.parse(params)
            let (reference, messages) = Self.libraryParsesThinPoolStatus(params)
            let theirs = try #require(reference, "libdevmapper rejected \(params): \(messages)")
            #expect((theirs.fail != 0) == (ours.mode == .failed))
            guard let usage = ours.usage else { return }
            #expect(theirs.transaction_id == usage.transactionID)
            #expect(theirs.used_metadata_blocks == usage.metadata.used)
            #expect(theirs.total_metadata_blocks == usage.metadata.total)
            #expect(theirs.used_data_blocks == usage.data.used)
            #expect(theirs.total_data_blocks == usage.data.total)
            // libdevmapper 1.02 does not parse the held root (it stays 0), so there is nothing to compare.
            #expect((theirs.read_only != 0) == (ours.mode == .readOnly))
            #expect((theirs.out_of_data_space != 0) == (ours.mode == .outOfDataSpace))
            #expect((theirs.error_if_no_space != 0) == usage.errorIfNoSpace)
            #expect((theirs.needs_check != 0) == usage.needsCheck)
            let discards: ThinPoolUsage.Discards =
                switch theirs.discards {
                case DM_THIN_DISCARDS_IGNORE: .ignored
                case DM_THIN_DISCARDS_NO_PASSDOWN: .noPassdown
                default: .passdown
                }
            #expect(discards == usage.discards)
        }
    }
}
