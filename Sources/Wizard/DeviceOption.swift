import DirectLVM
import Inventory
import Preflight

/// One disk in the direct-lvm picker: what it is, what is on it, and, when it is unsafe, why it cannot be
/// chosen. Safety is judged by the preflight's own device checks, so the picker and the plan never disagree.
public struct DeviceOption: Sendable, Equatable {
    public var path: String
    public var sizeBytes: UInt64?
    public var model: String?
    /// "partitions sdb1", "sdb1 mounted at /srv (ext4)"; empty when nothing was found.
    public var uses: [String]
    public var unavailable: String?

    public init(path: String, sizeBytes: UInt64?, model: String?, uses: [String], unavailable: String?) {
        self.path = path
        self.sizeBytes = sizeBytes
        self.model = model
        self.uses = uses
        self.unavailable = unavailable
    }

    /// Judges a disk as the preflight will for the plan.
    public init(report: BlockDeviceReport, requiredBytes: UInt64, forceDevice: Bool, settings: ThinPoolSettings) {
        let checks = DirectLVMChecks.deviceChecks(
            report, requiredBytes: requiredBytes, forceDevice: forceDevice, settings: settings)
        let blocker = checks.first { $0.status == .blocker }
        self.init(
            path: report.devicePath, sizeBytes: report.sizeBytes,
            model: [report.vendor, report.model].compactMap { $0 }.joined(separator: " ").nilIfEmpty,
            uses: report.usesFound, unavailable: blocker.map(\.finding))
    }

    /// The list entry: size, model and, for a disk that can be chosen, what is on it (the screen's body tells
    /// the whole story of each disk; an unsafe one's reason goes in the entry, where it is read first).
    var choice: Choice {
        var detail = "\(ByteCount.format(sizeBytes).leftPadded(to: 8))  \(model ?? "(no model)")"
        if unavailable == nil { detail += "  " + (uses.isEmpty ? "nothing found on it" : uses.joined(separator: "; ")) }
        return Choice(id: path, label: path, detail: detail, unavailable: unavailable)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
