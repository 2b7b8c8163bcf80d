import Foundation

/// A filesystem, RAID, partition-table or LVM signature found on a device, as wipefs or blkid name it.
public struct DeviceSignature: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `ext4`, `xfs`, `LVM2_member`, `linux_raid_member`, `dos`, `gpt`, ...
    public var type: String
    /// Byte offset of the magic as wipefs prints it (`0x438`); nil when blkid found it.
    public var offset: String?
    public var uuid: String?
    public var label: String?

    public init(type: String, offset: String? = nil, uuid: String? = nil, label: String? = nil) {
        self.type = type
        self.offset = offset
        self.uuid = uuid
        self.label = label
    }

    public var description: String {
        var text = type
        if let label, !label.isEmpty { text += " \"\(label)\"" }
        if let offset { text += " at \(offset)" }
        return text
    }

    /// Parses `wipefs --no-act --json DEV`. An empty output means no signatures (older wipefs prints nothing).
    /// Returns nil when the text is not wipefs's JSON.
    public static func parseWipefsJSON(_ text: String) -> [DeviceSignature]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
            let entries = object["signatures"] as? [[String: Any]]
        else { return nil }
        return entries.compactMap { entry in
            guard let type = entry["type"] as? String else { return nil }
            return DeviceSignature(
                type: type, offset: entry["offset"] as? String, uuid: entry["uuid"] as? String,
                label: entry["label"] as? String)
        }
    }

    /// Parses `blkid -p -o export DEV` (`KEY=value` lines); TYPE or PTTYPE names the signature.
    /// blkid escapes special characters in values with a backslash.
    public static func parseBlkidExport(_ text: String) -> [DeviceSignature] {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let value = line[line.index(after: equals)...].replacingOccurrences(of: "\\", with: "")
            values[String(line[..<equals])] = value
        }
        var found: [DeviceSignature] = []
        if let type = values["TYPE"] {
            found.append(DeviceSignature(type: type, uuid: values["UUID"], label: values["LABEL"]))
        }
        if let table = values["PTTYPE"] {
            found.append(DeviceSignature(type: table, uuid: values["PTUUID"]))
        }
        return found
    }
}
