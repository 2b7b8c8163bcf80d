import Foundation
import HostSystem

/// Read-only questions to LVM (`pvs`, `vgs`, `lvs`), answered from their JSON reports.
///
/// lvm writes warnings to stderr and keeps going: on a kernel without device-mapper it complains about
/// `/dev/mapper/control` but still reads PV labels and VG metadata from the disks. So a report is judged by
/// whether its JSON is there, not by the exit status alone; the warnings are kept for the finding.
public struct LVMQuery: Sendable {
    /// lvm complains about every inherited file descriptor; that noise would bury real warnings.
    public static let environment = ["LVM_SUPPRESS_FD_WARNINGS": "1"]

    public struct PhysicalVolume: Sendable, Hashable, Codable {
        /// The device lvm names (`/dev/vdb`).
        public var name: String
        /// The VG it belongs to; nil for a PV in no group.
        public var volumeGroup: String?
    }

    /// The rows of one report and what lvm warned about while making it.
    public struct Report: Sendable, Hashable {
        public var rows: [[String: String]]
        public var warnings: [String]
    }

    public var runner: CommandRunner

    public init(runner: CommandRunner = CommandRunner()) {
        self.runner = runner
    }

    /// The PVs on `devices` (a disk and its partitions). Asks with `--devices` first, which looks past a
    /// devices file or filter that hides them; lvm before 2.03.12 has no such option, so then it asks for all.
    public func physicalVolumes(on devices: [String]) async throws -> (volumes: [PhysicalVolume], warnings: [String]) {
        let fields = ["pvs", "--reportformat", "json", "-o", "pv_name,vg_name"]
        let restricted = Command("lvm", fields + devices.flatMap { ["--devices", $0] })
        let report: Report
        do {
            report = try await self.report(restricted, kind: "pv")
        } catch {
            report = try await self.report(Command("lvm", fields), kind: "pv")
        }
        let volumes = report.rows.compactMap { row -> PhysicalVolume? in
            guard let name = row["pv_name"], !name.isEmpty else { return nil }
            let group = row["vg_name"].flatMap { $0.isEmpty ? nil : $0 }
            return PhysicalVolume(name: name, volumeGroup: group)
        }
        return (volumes, report.warnings)
    }

    /// The names of every volume group lvm can see.
    public func volumeGroupNames() async throws -> [String] {
        let report = try await self.report(
            Command("lvm", ["vgs", "--reportformat", "json", "-o", "vg_name"]), kind: "vg")
        return report.rows.compactMap { $0["vg_name"] }.filter { !$0.isEmpty }
    }

    /// Runs an lvm report command and returns its rows of `kind` (`pv`, `vg`, `lv`).
    public func report(_ command: Command, kind: String) async throws -> Report {
        let result = try await runner.run(command, environment: Self.environment)
        let warnings = Self.warnings(in: result.standardError)
        guard let rows = Self.rows(kind, in: result.standardOutput) else {
            throw DirectLVMError.lvmReportFailed(command, exitCode: result.exitCode, output: result.errorTail())
        }
        return Report(rows: rows, warnings: warnings)
    }

    /// The rows of `kind` in lvm's JSON report (`{"report":[{"pv":[{...}]}]}`); nil when there is no report.
    /// Text before the JSON (a warning printed to stdout by an older lvm) is skipped.
    public static func rows(_ kind: String, in output: String) -> [[String: String]]? {
        guard let start = output.firstIndex(of: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(output[start...].utf8)) as? [String: Any],
            let reports = object["report"] as? [[String: Any]]
        else { return nil }
        var rows: [[String: String]] = []
        for report in reports {
            guard let entries = report[kind] as? [[String: Any]] else { continue }
            for entry in entries {
                rows.append(entry.compactMapValues { $0 as? String })
            }
        }
        return rows
    }

    /// lvm's stderr lines, trimmed, without its file-descriptor noise (older lvm ignores the variable).
    static func warnings(in standardError: String) -> [String] {
        standardError.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("File descriptor") }
    }
}
