extension DeviceMapperClient {
    /// The active thin devices that sit on the pool with device number `poolDevice` ("major:minor", as the kernel
    /// writes the pool in a thin table), with their thin device ids: `thin <pool> <id>` tables. A device that goes
    /// away while the tables are read is left out.
    public func thinDevices(onPool poolDevice: String) throws(ThinPoolError) -> [(name: String, deviceID: Int)] {
        try listDevices().compactMap { device -> (name: String, deviceID: Int)? in
            guard let thin = (try? table(of: device.name))?.first(where: { $0.targetType == "thin" }) else {
                return nil
            }
            let fields = thin.params.split(separator: " ")
            guard fields.count >= 2, fields[0] == poolDevice, let id = Int(fields[1]) else { return nil }
            return (device.name, id)
        }
    }
}
