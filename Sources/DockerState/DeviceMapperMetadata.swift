import Foundation

/// What the devicemapper driver records about its pool under `devicemapper/metadata/`.
public struct DeviceMapperMetadata: Sendable, Hashable {
    /// One thin device's record (`metadata/<hash>`; `base` for the base device).
    public struct Device: Sendable, Hashable {
        public let hash: String
        public let deviceID: Int
        public let sizeBytes: UInt64
        public let transactionID: Int?
        public let initialized: Bool
        /// Deferred deletion leaves records of deleted devices behind; they belong to no layer.
        public let deleted: Bool
    }

    public let nextDeviceID: Int?
    public let baseDeviceUUID: String?
    public let baseDeviceFilesystem: String?
    public let openTransactionID: Int?
    public let devices: [String: Device]

    public var baseDevice: Device? { devices["base"] }
    public var liveDevices: [Device] { devices.values.filter { !$0.deleted }.sorted { $0.deviceID < $1.deviceID } }

    /// Reads every record in `directory`; a record that cannot be parsed throws naming its file.
    public static func read(directory: String) throws -> DeviceMapperMetadata {
        var nextDeviceID: Int?
        var baseUUID: String?
        var baseFilesystem: String?
        var openTransaction: Int?
        var devices: [String: Device] = [:]
        for name in try StateFile.list(directory) {
            let path = "\(directory)/\(name)"
            let data = try StateFile.read(path)
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw DockerStateError.corrupt(path: path, reason: "not a JSON object")
            }
            switch name {
            case "deviceset-metadata":
                nextDeviceID = object["next_device_id"] as? Int
                baseUUID = object["BaseDeviceUUID"] as? String
                baseFilesystem = object["BaseDeviceFilesystem"] as? String
            case "transaction-metadata":
                openTransaction = object["open_transaction_id"] as? Int
            default:
                guard let deviceID = object["device_id"] as? Int else {
                    throw DockerStateError.corrupt(path: path, reason: "no device_id")
                }
                devices[name] = Device(
                    hash: name, deviceID: deviceID, sizeBytes: UInt64(max(0, object["size"] as? Int ?? 0)),
                    transactionID: object["transaction_id"] as? Int,
                    initialized: object["initialized"] as? Bool ?? false,
                    deleted: object["deleted"] as? Bool ?? false)
            }
        }
        return DeviceMapperMetadata(
            nextDeviceID: nextDeviceID, baseDeviceUUID: baseUUID, baseDeviceFilesystem: baseFilesystem,
            openTransactionID: openTransaction, devices: devices)
    }
}
