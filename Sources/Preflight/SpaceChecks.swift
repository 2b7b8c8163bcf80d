import HostConfig
import HostSystem
import Inventory

/// `space.export` and `space.target`: free space where the export is written and where the new layers land,
/// against the inventory's exact figures (`SpaceRequirement`). Both give the free and the needed bytes.
struct SpaceChecks: Sendable {
    static let exportTitle = "free space for the export"
    static let targetTitle = "free space for the new layers"

    let requirement: SpaceRequirement
    let imageCount: Int

    /// `exportDirectory` is a path on this machine, as `drivershift export --to` takes it.
    func exportCheck(exportDirectory: String?) -> PreflightCheck {
        let need = requirement.exportDirectoryBytes
        let what =
            "the export of \(imageCount) image\(imageCount == 1 ? "" : "s") needs \(format(need)) "
            + "(\(format(requirement.exportBytes)) of layer tars and configs, \(format(SpaceRequirement.marginBytes)) "
            + "margin)\(unknownNote)"
        guard let exportDirectory else {
            if requirement.exportBytes == 0 {
                return make(PreflightCheckID.spaceExport, Self.exportTitle, .ok, "there are no image layers to export")
            }
            return make(
                PreflightCheckID.spaceExport, Self.exportTitle, .warning,
                "no export directory was chosen; \(what)",
                remedy: "choose an export directory on a filesystem with at least \(format(need)) free")
        }
        let facts: FilesystemFacts
        do {
            facts = try FilesystemFacts.of(exportDirectory)
        } catch {
            return make(
                PreflightCheckID.spaceExport, Self.exportTitle, .blocker,
                "could not measure free space for \(exportDirectory): \(error)",
                remedy: "choose an export directory that exists or can be created")
        }
        let place = "\(exportDirectory) (\(facts.mount.type) at \(facts.mount.mountPoint))"
        guard facts.freeBytes >= need else {
            return make(
                PreflightCheckID.spaceExport, Self.exportTitle, .blocker,
                "\(place) has \(format(facts.freeBytes)) free; \(what)",
                remedy: "free \(format(need - facts.freeBytes)) there, or choose an export directory on a "
                    + "filesystem with \(format(need)) free" + taggedNote)
        }
        return make(
            PreflightCheckID.spaceExport, Self.exportTitle, .ok, "\(place) has \(format(facts.freeBytes)) free; \(what)"
        )
    }

    /// `dataRoot` is the data root as a host path, found under `hostRoot`; for direct-lvm only `docker load`'s
    /// staging lands there (the layers go to the thin pool, which the device checks measure).
    func targetCheck(
        dataRoot: String, hostRoot: HostRoot, target: StorageTarget, exportDirectory: String?
    ) -> PreflightCheck {
        let location = hostRoot.resolve(dataRoot)
        let facts: FilesystemFacts
        do {
            facts = try FilesystemFacts.of(location)
        } catch {
            return make(
                PreflightCheckID.spaceTarget, Self.targetTitle, .blocker,
                "could not measure free space for the data root \(dataRoot): \(error)",
                remedy: "check that the data root's filesystem is mounted")
        }
        var parts: [String] = []
        var need = SpaceRequirement.marginBytes
        if target == .overlay2 {
            need += requirement.unpackedLayerBytes
            parts.append("\(format(requirement.unpackedLayerBytes)) of unpacked layers")
        }
        need += requirement.loadStagingBytes
        parts.append("\(format(requirement.loadStagingBytes)) staged by docker load in \(dataRoot)/tmp")
        if let exportDirectory, let export = try? FilesystemFacts.of(exportDirectory), export.device == facts.device {
            need += requirement.exportBytes
            parts.append("\(format(requirement.exportBytes)) for the export, on the same filesystem")
        }
        parts.append("\(format(SpaceRequirement.marginBytes)) margin")
        var finding =
            "\(dataRoot) (\(facts.mount.type) at \(facts.mount.mountPoint)) has \(format(facts.freeBytes)) free; "
            + "the switch needs \(format(need)): " + parts.joined(separator: ", ")
        if case .directLVM(let device) = target {
            finding += "; the layers themselves go to the thin pool \(device)"
        }
        guard facts.freeBytes >= need else {
            return make(
                PreflightCheckID.spaceTarget, Self.targetTitle, .blocker, finding,
                remedy: "free \(format(need - facts.freeBytes)) on that filesystem (the old driver's data stays "
                    + "until the switch is verified), or put the export on another filesystem")
        }
        return make(PreflightCheckID.spaceTarget, Self.targetTitle, .ok, finding)
    }

    private var unknownNote: String {
        let count = requirement.layersOfUnknownSize
        guard count > 0 else { return "" }
        return " plus \(count) layer\(count == 1 ? "" : "s") whose size the inventory could not measure"
    }

    private var taggedNote: String {
        guard requirement.taggedExportBytes < requirement.exportBytes else { return "" }
        return " (tagged images alone need \(format(requirement.taggedExportBytes + SpaceRequirement.marginBytes)))"
    }

    private func format(_ bytes: UInt64) -> String { ByteCount.format(bytes) }

    private func make(
        _ id: String, _ title: String, _ status: PreflightCheck.Status, _ finding: String, remedy: String? = nil
    ) -> PreflightCheck {
        PreflightCheck(id: id, title: title, status: status, finding: finding, remedy: remedy)
    }
}
