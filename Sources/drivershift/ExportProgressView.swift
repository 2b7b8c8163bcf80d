import Foundation
import ImageExport
import Inventory

/// Shows an export's progress: a live status line on a terminal (bytes, rate, ETA, current layer), plain lines
/// when stderr is not a terminal, or one JSON event per line for machines (`--format json`, on stdout).
final class ExportProgressView: ExportObserver, @unchecked Sendable {
    enum Style {
        case terminal
        case plain
        case json
    }

    private let style: Style
    private let lock = NSLock()
    private var totalBytes: UInt64 = 0
    private var doneBytes: UInt64 = 0
    private var layerDone: [String: UInt64] = [:]
    private var layersFinished = 0
    private var layerCount = 0
    private var started = Date()
    private var lastDraw = Date.distantPast

    init(style: Style) {
        self.style = style
    }

    static func automatic(json: Bool) -> ExportProgressView {
        if json { return ExportProgressView(style: .json) }
        return ExportProgressView(style: isatty(STDERR_FILENO) == 1 ? .terminal : .plain)
    }

    func handle(_ event: ExportEvent) {
        lock.lock()
        defer { lock.unlock() }
        if style == .json {
            emitJSON(event)
            return
        }
        switch event {
        case .planned(let images, let layers, let bytesToWrite, let present, let source):
            totalBytes = bytesToWrite
            layerCount = layers
            started = Date()
            line(
                "exporting \(images) image(s), \(layers) distinct layer(s) from \(source): "
                    + "\(ByteCount.format(bytesToWrite)) to write"
                    + (present > 0 ? ", \(ByteCount.format(present)) already in the store" : ""))
        case .layerStarted:
            break
        case .layerProgress(let diffID, let bytes):
            doneBytes += bytes - (layerDone[diffID] ?? 0)
            layerDone[diffID] = bytes
            if style == .terminal { drawStatus(current: diffID) }
        case .layerFinished(let diffID, let bytes, let reused):
            layersFinished += 1
            if !reused {
                doneBytes += bytes - min(bytes, layerDone[diffID] ?? 0)
                layerDone[diffID] = bytes
            }
            line(
                "[\(layersFinished)/\(layerCount)] \(diffID.prefix(19)) \(ByteCount.format(bytes))\(reused ? " (already exported)" : " ok")"
            )
            if style == .terminal { drawStatus(current: nil) }
        case .layerFailed(_, _, let message):
            layersFinished += 1
            line("FAILED: \(message)")
        case .imageNotExported(let image, let tags, let reason):
            line("not exported: \(tags.first ?? image): \(reason)")
        case .finished:
            if style == .terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }

    private func line(_ text: String) {
        let prefix = style == .terminal ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
    }

    /// At most ten redraws a second: a terminal is slower than a fast export.
    private func drawStatus(current: String?) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = max(0.001, now.timeIntervalSince(started))
        let rate = Double(doneBytes) / elapsed
        let remaining = rate > 0 ? Double(totalBytes - min(totalBytes, doneBytes)) / rate : 0
        let percent = totalBytes > 0 ? Double(doneBytes) * 100 / Double(totalBytes) : 100
        var status =
            String(format: "%5.1f%% ", percent)
            + "\(ByteCount.format(doneBytes))/\(ByteCount.format(totalBytes))  \(ByteCount.format(UInt64(rate)))/s  "
            + "ETA \(Self.duration(remaining))  [\(layersFinished)/\(layerCount) layers]"
        if let current { status += "  \(current.prefix(19))" }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + status).utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }

    private func emitJSON(_ event: ExportEvent) {
        var object: [String: Any] = ["time": ISO8601DateFormatter().string(from: Date())]
        switch event {
        case .planned(let images, let layers, let bytesToWrite, let present, let source):
            object.merge([
                "event": "planned", "images": images, "layers": layers, "bytesToWrite": bytesToWrite,
                "bytesAlreadyPresent": present, "source": source,
            ]) { $1 }
        case .layerStarted(let diffID, let bytes):
            object.merge(["event": "layer-started", "diffID": diffID, "bytes": bytes]) { $1 }
        case .layerProgress(let diffID, let bytes):
            object.merge(["event": "layer-progress", "diffID": diffID, "bytesDone": bytes]) { $1 }
        case .layerFinished(let diffID, let bytes, let reused):
            object.merge(["event": "layer-finished", "diffID": diffID, "bytes": bytes, "reused": reused]) { $1 }
        case .layerFailed(let diffID, let images, let message):
            object.merge(["event": "layer-failed", "diffID": diffID, "images": images, "message": message]) { $1 }
        case .imageNotExported(let image, let tags, let reason):
            object.merge(["event": "image-not-exported", "image": image, "tags": tags, "reason": reason]) { $1 }
        case .finished(let summary):
            object.merge([
                "event": "finished", "imagesExported": summary.imagesExported,
                "imagesNotExported": summary.imagesNotExported, "layersWritten": summary.layersWritten,
                "layersReused": summary.layersReused, "layersFailed": summary.layersFailed,
                "bytesWritten": summary.bytesWritten, "seconds": summary.seconds, "store": summary.storeRoot,
            ]) { $1 }
        }
        if let data = try? JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
