import DockerEngine
import Foundation
import DockerState
import HostSystem
import PoolFiles
import ThinPool

/// Describes a devicemapper data root's thin pool from every place that still tells something: the pool's
/// files, Docker's device records, libdevmapper (when the kernel has device-mapper) and the daemon's info.
struct PoolInspector {
    let hostRoot: HostRoot
    /// A host path.
    let dataRoot: String
    let reader: DataRootReader
    let storageOptions: [String]
    let daemonInfo: EngineInfo?

    /// A pool this full is worth a warning: the next image pull or container write may fill it.
    static let nearlyFullPercent = 90.0

    /// The summary, and what was read on the way that the per-device allocations need.
    struct Findings {
        var summary: PoolSummary
        /// The live pool's table and status, when the kernel has it active.
        var health: ThinPoolHealth?
        /// thin_dump of the stopped pool's metadata file, when that is where the usage came from.
        var stoppedPoolMap: ThinPoolMap?
    }

    func inspect(problems: inout [StateProblem]) async throws -> Findings {
        var findings = Findings(summary: PoolSummary(mode: .loopLVM, thinDevices: 0))
        // dockerd applies options in order and compares keys case-insensitively: the last dm.thinpooldev wins.
        let thinPoolDevice = storageOptions.compactMap { option -> String? in
            let parts = option.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "dm.thinpooldev"
            else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }.last.flatMap { $0.isEmpty ? nil : $0 }
        // A daemon that reports its pool but no loop file runs on a direct-lvm pool, even when no configuration we
        // read says so (dm.thinpooldev given on a command line we cannot see).
        let daemonOnDirectLVM =
            daemonInfo.map { $0.driverStatus("Pool Name") != nil && $0.driverStatus("Data loop file") == nil } ?? false
        var summary = PoolSummary(
            mode: thinPoolDevice == nil && !daemonOnDirectLVM ? .loopLVM : .directLVM, thinDevices: 0)
        summary.thinPoolDevice = thinPoolDevice

        if let name = daemonInfo?.driverStatus("Pool Name") {
            summary.poolName = name
            summary.poolNameSource = "daemon"
        } else {
            do {
                summary.poolName = try DockerPoolName.resolve(
                    dataRoot: dataRoot, storageOptions: storageOptions, host: hostRoot)
                summary.poolNameSource = thinPoolDevice == nil ? "derived" : "thinpooldev"
            } catch {
                problems.append(
                    .init(severity: .warning, code: "pool-name-unknown", subject: dataRoot, message: "\(error)"))
            }
        }

        if summary.mode == .loopLVM {
            summary.dataFile = backingFile(daemonPath: daemonInfo?.driverStatus("Data loop file"), name: "data")
            summary.metadataFile = backingFile(
                daemonPath: daemonInfo?.driverStatus("Metadata loop file"), name: "metadata")
            for file in [summary.dataFile, summary.metadataFile].compactMap({ $0 }) where !file.exists {
                problems.append(
                    .init(
                        severity: .error, code: "pool-file-missing", subject: file.path,
                        message: "the loop-lvm pool file \(file.path) is missing: the pool's layers cannot be read"))
            }
        }

        if let metadata = try reader.deviceMapperMetadata() {
            summary.baseDeviceBytes = metadata.baseDevice?.sizeBytes
            summary.baseFilesystem = metadata.baseDeviceFilesystem
            summary.thinDevices = metadata.liveDevices.filter { $0.hash != "base" }.count
        } else {
            problems.append(
                .init(
                    severity: .error, code: "pool-metadata-missing", subject: "\(dataRoot)/devicemapper/metadata",
                    message:
                        "\(dataRoot)/devicemapper/metadata is missing: Docker's records of its thin devices are gone"))
        }

        if let name = summary.poolName {
            findings.health = readLiveStatus(poolName: name, into: &summary, problems: &problems)
        }
        if summary.usage == nil, let info = daemonInfo {
            summary.usage = daemonUsage(info)
        }
        if summary.usage == nil, let data = summary.dataFile, let metadata = summary.metadataFile, data.exists,
            metadata.exists
        {
            findings.stoppedPoolMap = await readPoolFiles(
                data: data.path, metadata: metadata.path, into: &summary, problems: &problems)
        }
        if let status = daemonInfo?.DriverStatus {
            summary.daemonStatus = Dictionary(status.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }) { _, last in
                last
            }
        }
        // libdevmapper's health already names a nearly full pool; the daemon's numbers need this check.
        if let usage = summary.usage, usage.source != "libdevmapper" {
            for (what, free) in [("data", usage.dataFreePercent), ("metadata", usage.metadataFreePercent)] {
                guard let free, 100 - free >= Self.nearlyFullPercent else { continue }
                problems.append(
                    .init(
                        severity: .warning, code: "pool-nearly-full", subject: summary.poolName ?? dataRoot,
                        message: String(
                            format: "the pool's %@ space is %.1f%% used; migrate before it fills up", what, 100 - free))
                )
            }
        }
        findings.summary = summary
        return findings
    }

    /// A stopped loop-lvm pool's data usage from its metadata file, when nothing live can be asked.
    private func readPoolFiles(
        data: String, metadata: String, into summary: inout PoolSummary, problems: inout [StateProblem]
    ) async -> ThinPoolMap? {
        do {
            let read = try await PoolFileUsage(
                dataFile: hostRoot.resolve(data), metadataFile: hostRoot.resolve(metadata)
            ).read()
            summary.usage = read?.usage
            return read?.map
        } catch PoolFilesError.toolMissing(let tool) {
            problems.append(
                .init(
                    severity: .warning, code: "pool-usage-unknown", subject: metadata,
                    message: "\(tool) is missing, so the stopped pool's usage was not read from its metadata file; "
                        + "install thin-provisioning-tools"))
        } catch {
            problems.append(
                .init(severity: .error, code: "pool-metadata-damaged", subject: metadata, message: "\(error)"))
        }
        return nil
    }

    private func backingFile(daemonPath: String?, name: String) -> PoolSummary.BackingFile {
        let hostPath = daemonPath ?? "\(dataRoot)/devicemapper/devicemapper/\(name)"
        let facts = try? FileFacts.of(hostRoot.resolve(hostPath))
        return PoolSummary.BackingFile(
            path: hostPath, exists: facts != nil, apparentBytes: facts?.apparentBytes,
            allocatedBytes: facts?.allocatedBytes)
    }

    private func readLiveStatus(
        poolName: String, into summary: inout PoolSummary, problems: inout [StateProblem]
    ) -> ThinPoolHealth? {
        guard hostRoot.isLive else {
            summary.liveStatusUnavailable =
                "the host root is \(hostRoot), not this machine's own, so this kernel's "
                + "device-mapper says nothing about that pool"
            return nil
        }
        do {
            let health = try DeviceMapperClient().poolHealth(poolName: poolName)
            summary.usage = PoolSummary.Usage(
                source: "libdevmapper", dataUsedBytes: health.dataUsedBytes, dataTotalBytes: health.dataTotalBytes,
                metadataUsedBytes: health.metadataUsedBytes, metadataTotalBytes: health.metadataTotalBytes,
                dataFreePercent: health.data?.freePercent, metadataFreePercent: health.metadata?.freePercent,
                health: Self.word(for: health.status.mode), needsCheck: health.status.usage?.needsCheck,
                transactionID: health.status.usage?.transactionID)
            for problem in health.problems {
                problems.append(.init(severity: .error, code: "pool-unhealthy", subject: poolName, message: problem))
            }
            return health
        } catch .noSuchDevice {
            summary.liveStatusUnavailable =
                "the pool \(poolName) is not active (dockerd is stopped); "
                + "the numbers below come from the pool's files and Docker's records"
        } catch {
            summary.liveStatusUnavailable = error.description
        }
        return nil
    }

    static func word(for mode: ThinPoolStatus.Mode) -> String {
        switch mode {
        case .readWrite: return "rw"
        case .readOnly: return "ro"
        case .outOfDataSpace: return "out_of_data_space"
        case .failed: return "Fail"
        case .metadataUnreadable: return "Error"
        }
    }

    /// `docker info` prints sizes like "1.512 GB" (decimal units); turn them back into bytes.
    private func daemonUsage(_ info: EngineInfo) -> PoolSummary.Usage? {
        let dataUsed = DaemonSize.bytes(info.driverStatus("Data Space Used"))
        let dataTotal = DaemonSize.bytes(info.driverStatus("Data Space Total"))
        let metaUsed = DaemonSize.bytes(info.driverStatus("Metadata Space Used"))
        let metaTotal = DaemonSize.bytes(info.driverStatus("Metadata Space Total"))
        guard dataUsed != nil || dataTotal != nil else { return nil }
        return PoolSummary.Usage(
            source: "daemon", dataUsedBytes: dataUsed, dataTotalBytes: dataTotal, metadataUsedBytes: metaUsed,
            metadataTotalBytes: metaTotal, dataFreePercent: DaemonSize.freePercent(used: dataUsed, total: dataTotal),
            metadataFreePercent: DaemonSize.freePercent(used: metaUsed, total: metaTotal), health: nil, needsCheck: nil,
            transactionID: nil)
    }
}
