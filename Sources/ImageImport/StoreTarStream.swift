import Crypto
import DockerEngine
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A `StoreUpload` as one tar stream, produced as the daemon takes it: each file is read in chunks straight into
/// the request's buffers, never held whole, and no tar file is written anywhere. Each blob's bytes are hashed on
/// the way; one that does not match its name stops the stream before its end, so dockerd (which stages the whole
/// upload before loading) loads nothing from a damaged store.
final class StoreTarStream: EngineUploadBody {
    /// How often progress is reported, in bytes sent.
    static let progressStep: UInt64 = 16 << 20

    let upload: StoreUpload
    let checkDigests: Bool
    let observer: any ImportObserver
    private let state = Mutex(State())

    var length: UInt64 { upload.length }

    init(upload: StoreUpload, checkDigests: Bool, observer: any ImportObserver) {
        self.upload = upload
        self.checkDigests = checkDigests
        self.observer = observer
    }

    deinit {
        state.withLock { $0.closeFile() }
    }

    /// The error that stopped the stream, if one did.
    var failure: ImportError? { state.withLock { $0.failure } }

    var bytesSent: UInt64 { state.withLock { $0.bytesSent } }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let outcome = state.withLock { state -> Result<(Int, [ImportEvent]), ImportError> in
            if let failure = state.failure { return .failure(failure) }
            do throws(ImportError) {
                return .success(try state.fill(buffer, stream: self))
            } catch {
                state.closeFile()
                state.failure = error
                return .failure(error)
            }
        }
        // Observers run outside the lock: a slow one must not hold up anything but this stream.
        switch outcome {
        case .success(let (count, events)):
            for event in events { observer.handle(event) }
            return count
        case .failure(let error):
            throw error
        }
    }

    struct State: ~Copyable {
        enum Phase {
            case header(bytes: [UInt8], offset: Int)
            case content(descriptor: Int32, remaining: UInt64, hasher: SHA256?)
            case padding(remaining: Int)
            case trailer(remaining: Int)
            case done
        }

        // Before the first member: an empty padding whose end moves on to member 0.
        var memberIndex = -1
        var phase = Phase.padding(remaining: 0)
        var bytesSent: UInt64 = 0
        var failure: ImportError?

        mutating func fill(_ buffer: UnsafeMutableRawBufferPointer, stream: StoreTarStream) throws(ImportError)
            -> (Int, [ImportEvent])
        {
            var filled = 0
            var events: [ImportEvent] = []
            let before = bytesSent
            while filled < buffer.count {
                let space = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
                switch phase {
                case .header(let bytes, let offset):
                    let count = min(bytes.count - offset, space.count)
                    bytes.withUnsafeBytes {
                        space.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)]))
                    }
                    filled += count
                    phase =
                        offset + count == bytes.count
                        ? try openContent(stream.upload.members[memberIndex], stream: stream)
                        : .header(bytes: bytes, offset: offset + count)
                case .content(let descriptor, let remaining, var hasher):
                    let member = stream.upload.members[memberIndex]
                    if remaining == 0 {
                        closeFile()
                        try Self.check(member, hasher: hasher, stream: stream)
                        if member.expectedHex != nil {
                            events.append(.blobSent(name: member.name, bytes: member.size))
                        }
                        phase = .padding(remaining: TarHeader.padding(for: member.size))
                        continue
                    }
                    let want = Int(min(remaining, UInt64(space.count)))
                    let got = readBytes(descriptor, space.baseAddress, want)
                    if got < 0 {
                        if errno == EINTR { continue }
                        throw ImportError.readFailed(
                            path: member.path ?? member.name, reason: String(cString: strerror(errno)))
                    }
                    if got == 0 {
                        throw ImportError.storeChanged(
                            path: member.path ?? member.name, expectedBytes: member.size,
                            actualBytes: member.size - remaining)
                    }
                    hasher?.update(bufferPointer: UnsafeRawBufferPointer(rebasing: space[0..<got]))
                    filled += got
                    phase = .content(descriptor: descriptor, remaining: remaining - UInt64(got), hasher: hasher)
                case .padding(let remaining):
                    let count = min(remaining, space.count)
                    space.baseAddress?.initializeMemory(as: UInt8.self, repeating: 0, count: count)
                    filled += count
                    if count < remaining {
                        phase = .padding(remaining: remaining - count)
                    } else if memberIndex + 1 < stream.upload.members.count {
                        memberIndex += 1
                        phase = .header(bytes: stream.upload.members[memberIndex].header.encoded(), offset: 0)
                    } else {
                        phase = .trailer(remaining: 2 * TarHeader.blockSize)
                    }
                case .trailer(let remaining):
                    let count = min(remaining, space.count)
                    space.baseAddress?.initializeMemory(as: UInt8.self, repeating: 0, count: count)
                    filled += count
                    phase = count < remaining ? .trailer(remaining: remaining - count) : .done
                case .done:
                    return finish(filled: filled, before: before, events: events, total: stream.upload.length)
                }
            }
            return finish(filled: filled, before: before, events: events, total: stream.upload.length)
        }

        private mutating func finish(filled: Int, before: UInt64, events: [ImportEvent], total: UInt64) -> (
            Int, [ImportEvent]
        ) {
            bytesSent += UInt64(filled)
            var events = events
            let step = StoreTarStream.progressStep
            if filled > 0 && (bytesSent / step != before / step || bytesSent == total) {
                events.append(.uploadProgress(bytesSent: bytesSent, totalBytes: total))
            }
            return (filled, events)
        }

        private func openContent(_ member: StoreUpload.Member, stream: StoreTarStream) throws(ImportError) -> Phase {
            guard let path = member.path else { return .padding(remaining: 0) }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code = errno
                if code == ENOENT {
                    throw ImportError.blobMissing(
                        path: member.name, images: member.expectedHex.map { stream.upload.images(usingBlob: $0) } ?? [])
                }
                throw ImportError.readFailed(path: path, reason: String(cString: strerror(code)))
            }
            var info = stat()
            if fstat(descriptor, &info) == 0, UInt64(max(0, info.st_size)) != member.size {
                close(descriptor)
                throw ImportError.storeChanged(
                    path: path, expectedBytes: member.size, actualBytes: UInt64(max(0, info.st_size)))
            }
            let hasher = stream.checkDigests && member.expectedHex != nil ? SHA256() : nil
            return .content(descriptor: descriptor, remaining: member.size, hasher: hasher)
        }

        private static func check(_ member: StoreUpload.Member, hasher: SHA256?, stream: StoreTarStream)
            throws(ImportError)
        {
            guard let expected = member.expectedHex, let hasher else { return }
            let actual = hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            guard actual == expected else {
                throw ImportError.blobDamaged(
                    path: member.name, expected: "sha256:\(expected)", actual: "sha256:\(actual)",
                    images: stream.upload.images(usingBlob: expected))
            }
        }

        mutating func closeFile() {
            if case .content(let descriptor, _, _) = phase {
                close(descriptor)
                phase = .done
            }
        }
    }
}

/// read(2), named apart from `EngineUploadBody.read(into:)`.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
