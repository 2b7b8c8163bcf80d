import Synchronization

/// The blobs waiting to be hashed, shared by the hashing threads: each takes the next one when it is free, so a
/// large layer on one thread does not hold up the small blobs on the other. Progress is reported under the
/// same lock, so the callback sees consistent, increasing counts and is never called twice at once.
final class BlobHashingQueue: Sendable {
    struct Job: Sendable {
        let hex: String
        let path: String
        let size: UInt64
    }

    private struct State {
        var next = 0
        var results: [BlobState?]
        var blobsHashed = 0
        var bytesHashed: UInt64 = 0
    }

    let jobs: [Job]
    private let byteCount: UInt64
    private let progress: @Sendable (StoreVerifyProgress) -> Void
    private let state: Mutex<State>

    init(jobs: [Job], progress: @escaping @Sendable (StoreVerifyProgress) -> Void) {
        self.jobs = jobs
        self.byteCount = jobs.reduce(0) { $0 + $1.size }
        self.progress = progress
        self.state = Mutex(State(results: Array(repeating: nil, count: jobs.count)))
    }

    /// The index of the next job to hash, or nil when all are taken.
    func claim() -> Int? {
        state.withLock { state in
            guard state.next < jobs.count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func hashed(bytes: Int) {
        state.withLock { state in
            state.bytesHashed += UInt64(bytes)
            report(state)
        }
    }

    func finish(_ job: Int, with result: BlobState) {
        state.withLock { state in
            state.results[job] = result
            state.blobsHashed += 1
            report(state)
        }
    }

    func start() {
        state.withLock { report($0) }
    }

    /// Each job's result, in job order; a job no thread finished (none should be) counts as unreadable.
    var results: [BlobState] {
        state.withLock { state in
            state.results.map { $0 ?? .unreadable(reason: "it was not hashed") }
        }
    }

    var bytesHashed: UInt64 {
        state.withLock { $0.bytesHashed }
    }

    private func report(_ state: State) {
        progress(
            StoreVerifyProgress(
                blobsHashed: state.blobsHashed, blobCount: jobs.count, bytesHashed: state.bytesHashed,
                byteCount: byteCount))
    }
}
