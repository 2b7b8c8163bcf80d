import CDeviceMapper

/// Creating and removing devices: what reading a stopped pool through the kernel needs (a read-only pool over
/// its files, a read-only thin device per layer). Each call is one ioctl sequence inside the gate and waits for
/// udev, so /dev/mapper/<name> exists when `createDevice` returns and is gone when `removeDevice` does.
extension DeviceMapperClient {
    /// `dmsetup create NAME --table ...` (with `--readonly`): creates the device, loads `targets` and resumes it.
    /// A read-only device opens what it sits on for reading only, so it also works over read-only loop devices.
    @discardableResult
    public func createDevice(_ name: String, targets: [TargetLine], readOnly: Bool) throws(ThinPoolError)
        -> MappedDeviceInfo
    {
        try gate.withKernel(operation: "create the device-mapper device \(name)") { session throws(ThinPoolError) in
            try DeviceMapperTask.run(
                .create, device: name, session: session,
                configure: { task throws(ThinPoolError) in
                    if readOnly, dm_task_set_ro(task) == 0 {
                        throw .libraryCallFailed(call: "dm_task_set_ro", device: name, errno: 0, libraryMessages: [])
                    }
                    for target in targets
                    where dm_task_add_target(task, target.start, target.length, target.targetType, target.params) == 0 {
                        throw .libraryCallFailed(
                            call: "dm_task_add_target(\(target.targetType) \(target.params))", device: name, errno: 0,
                            libraryMessages: [])
                    }
                },
                read: { _, info throws(ThinPoolError) in try MappedDeviceInfo(name: name, answer: info) })
        }
    }

    /// `dmsetup remove NAME`, retried for a few seconds while something still has the device open (a mount
    /// that is going away). A device that is already gone is not an error.
    public func removeDevice(_ name: String) throws(ThinPoolError) {
        do {
            try gate.withKernel(operation: "remove the device-mapper device \(name)") {
                session throws(ThinPoolError) in
                try DeviceMapperTask.run(
                    .remove, device: name, session: session,
                    configure: { task throws(ThinPoolError) in
                        if dm_task_retry_remove(task) == 0 {
                            throw .libraryCallFailed(
                                call: "dm_task_retry_remove", device: name, errno: 0, libraryMessages: [])
                        }
                    },
                    read: { _, _ in })
            }
        } catch .noSuchDevice {
            return
        }
    }
}
