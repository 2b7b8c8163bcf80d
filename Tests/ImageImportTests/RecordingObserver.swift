import Synchronization

@testable import ImageImport

/// Keeps every event, for tests to look at afterwards.
final class RecordingObserver: ImportObserver {
    private let recorded = Mutex<[ImportEvent]>([])

    func handle(_ event: ImportEvent) { recorded.withLock { $0.append(event) } }

    var events: [ImportEvent] { recorded.withLock { $0 } }

    /// The bytesSent of every upload progress event, in order.
    var progress: [UInt64] {
        events.compactMap {
            if case .uploadProgress(let sent, _) = $0 { return sent }
            return nil
        }
    }

    var blobsSent: [String] {
        events.compactMap {
            if case .blobSent(let name, _) = $0 { return name }
            return nil
        }
    }
}
