import ArgumentParser
import DockerEngine
import Foundation
import ImageExport
import Inventory
import PoolFiles

/// `drivershift export`: every image as verified, byte-identical layer tars in an export store.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export images as byte-identical, verified layer tars into an OCI + docker-load store.",
        discussion: """
            Each distinct layer is written once, hashed while it streams to disk, and kept only if its sha256 \
            equals its diffID. With --source disk (the default where the driver allows) each layer is rebuilt \
            from its tar-split over its files on disk, with no daemon; devicemapper layers are read from the \
            stopped pool, through libdevmapper (each layer's thin device activated read-only) where the kernel \
            has device-mapper, else from the pool's data and metadata files (thin_check, thin_dump, read-only \
            loop mounts); nothing is ever written to the pool. Rerunning the same export reuses what \
            is already written. The store: docs/export-store.md; load it with `tar -C DIR -c . | docker load`; \
            check it with `drivershift verify DIR`. Exits 1 if any image could not be exported.
            """
    )

    @OptionGroup var host: HostOptions

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp("The export store directory (created, root-only).", valueName: "dir"))
    var storeDirectory: String

    @Option(
        name: .customLong("images"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Export only these images: repo:tag, repo@sha256:..., or an image ID.", valueName: "ref"))
    var references: [String] = []

    @Flag(name: .customLong("all"), help: "Export every image, untagged ones by ID.")
    var everyImage = false

    @Flag(name: .customLong("tagged"), help: "Export every tagged image (the default).")
    var taggedImages = false

    @Option(help: ArgumentHelp("Where layer bytes come from: auto, daemon or disk.", valueName: "source"))
    var source: String = "auto"

    @Option(
        name: .customLong("pool-files"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "devicemapper, --source disk: the pool's data and metadata files (default: the loop-lvm files under "
                + "the data root; for direct-lvm, copies of its data and metadata volumes).",
            valueName: "data metadata"))
    var poolFiles: [String] = []

    @Option(
        name: .customLong("pool-reader"),
        help: ArgumentHelp(
            "devicemapper, --source disk: how to read the stopped pool: libdevmapper (activate each layer's thin "
                + "device read-only), files (thin_dump and the data file; no device-mapper needed) or auto "
                + "(libdevmapper when the kernel has device-mapper).",
            valueName: "reader"))
    var poolReader: String = "auto"

    @Option(help: "Layers rebuilt at the same time.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Stop at the first layer that cannot be exported instead of exporting the rest.")
    var failFast = false

    @Option(help: "Progress and result: table (for people, on stderr) or json (events on stdout).")
    var format: OutputFormat = .table

    func validate() throws {
        if everyImage && taggedImages { throw ValidationError("--all and --tagged exclude each other") }
        if !references.isEmpty && (everyImage || taggedImages) {
            throw ValidationError("--images names the images itself; leave out --all/--tagged")
        }
        if ExportOptions.Source(rawValue: source) == nil {
            throw ValidationError("--source must be auto, daemon or disk, not \(source)")
        }
        if ExportOptions.PoolReader(rawValue: poolReader) == nil {
            throw ValidationError("--pool-reader must be auto, libdevmapper or files, not \(poolReader)")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !poolFiles.isEmpty && poolFiles.count != 2 {
            throw ValidationError("--pool-files takes two paths, the pool's data file then its metadata file")
        }
        if !poolFiles.isEmpty && source == "daemon" {
            throw ValidationError("--pool-files is for --source disk; the daemon reads its own pool")
        }
    }

    func run() async throws {
        let selection: ExportOptions.Selection =
            !references.isEmpty ? .references(references) : everyImage ? .all : .tagged
        let options = ExportOptions(
            storeRoot: URL(fileURLWithPath: storeDirectory).standardizedFileURL.path, selection: selection,
            source: ExportOptions.Source(rawValue: source) ?? .auto, jobs: jobs, failFast: failFast,
            poolFiles: poolFiles.count == 2 ? (data: absolute(poolFiles[0]), metadata: absolute(poolFiles[1])) : nil,
            poolReader: ExportOptions.PoolReader(rawValue: poolReader) ?? .auto)
        // Every way out waits for an interrupt's cleanup first (there is no await in a defer).
        let outcome: Result<ExportSummary, any Error>
        do {
            outcome = .success(try await export(options))
        } catch {
            outcome = .failure(error)
        }
        await ActiveLoopMounts.waitForInterruptCleanup()
        let summary: ExportSummary
        switch outcome {
        case .success(let value): summary = value
        case .failure(let exit as ExitCode): throw exit
        case .failure(let error): throw FailureReporter.fail(error)
        }
        if format == .table {
            print(
                "exported \(summary.imagesExported) image(s) to \(summary.storeRoot): \(summary.layersWritten) layer(s) "
                    + "written (\(ByteCount.format(summary.bytesWritten))), \(summary.layersReused) reused, "
                    + "\(summary.layersFailed) failed, in \(String(format: "%.1f", summary.seconds)) s")
        }
        if !summary.succeeded {
            FailureReporter.note(
                "\(summary.imagesNotExported) image(s) were not exported; see the lines above and drivershift-export.json"
            )
            throw ExitCode.failure
        }
    }

    private func export(_ options: ExportOptions) async throws -> ExportSummary {
        let inventoryOptions = InventoryOptions(
            hostRoot: host.resolvedHostRoot, dataRoot: host.dataRoot, host: host.host, offline: host.offline,
            timeoutSeconds: host.timeout)
        let inventory = try await InventoryBuilder(options: inventoryOptions).build()
        let plan = try ExportPlanner(inventory: inventory, hostRoot: host.resolvedHostRoot).plan(options: options)
        let client = plan.source == .daemon ? try await connect(inventoryOptions) : nil
        if plan.source == .disk && ExportPlanner.poolReadableDrivers.contains(plan.storageDriver) {
            // Ctrl-C while a layer device is mounted must not leave the mount, its loop or thin device behind.
            ActiveLoopMounts.installInterruptCleanup()
        }
        return try await ImageExporter(
            plan: plan, options: options, inventory: inventory, hostRoot: host.resolvedHostRoot, client: client,
            observer: ExportProgressView.automatic(json: format == .json)
        ).run()
    }

    private func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    private func connect(_ options: InventoryOptions) async throws -> EngineClient {
        let endpoint = try options.endpoint()
        return try await EngineClient.connect(to: endpoint, timeoutSeconds: options.timeoutSeconds)
    }
}
