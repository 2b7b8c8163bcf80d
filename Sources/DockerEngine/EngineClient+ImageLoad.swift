import AsyncHTTPClient
import Foundation
import NIOCore

extension EngineClient {
    /// `docker load` through the Engine API (`POST /images/load?quiet=0`): uploads `body`, a tar in `docker save`
    /// layout, and hands each message of the daemon's answer to `onMessage` as it arrives (progress, "Loaded image:
    /// …", and errors, which dockerd reports inside the stream with HTTP 200: the caller decides what they mean).
    ///
    /// The body is pulled a chunk at a time as the socket takes it, so memory stays flat whatever its size.
    /// dockerd itself stages the whole upload under `<data-root>/tmp` before it loads anything, so the daemon's
    /// filesystem needs room for `body.length` bytes more than the images themselves while this runs.
    public func loadImages(
        _ body: some EngineUploadBody, chunkSize: Int = 1 << 20, onMessage: (EngineStreamMessage) -> Void
    ) async throws {
        let endpointPath = "/images/load"
        var request = try makeRequest("\(endpointPath)?quiet=0")
        request.method = .POST
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-tar")
        request.body = .stream(
            UploadChunks(body: body, chunkSize: max(4096, chunkSize)), length: .known(Int64(body.length)))
        do {
            // Hours for many gigabytes: the daemon is alive as long as it keeps taking bytes and answering.
            let response = try await HTTPClient.shared.execute(request, timeout: .hours(24))
            guard response.status.code == 200 else {
                let answer = try await response.body.collect(upTo: 1 << 20)
                throw EngineError.apiError(
                    endpoint: endpointPath, status: Int(response.status.code),
                    message: Self.message(in: Data(answer.readableBytesView)))
            }
            var decoder = EngineMessageDecoder()
            for try await chunk in response.body {
                let messages = chunk.withUnsafeReadableBytes { decoder.append($0) }
                for message in messages { onMessage(message) }
            }
            if let last = decoder.finish() { onMessage(last) }
        } catch let error as EngineError {
            throw error
        } catch let error as any EngineUploadFailure {
            // The body's own failure (a damaged file, say) says more than the aborted request around it.
            throw error
        } catch {
            throw EngineError.transport(socket: endpoint.socketPath, reason: "image load stream: \(error)")
        }
    }
}

/// An error thrown by an `EngineUploadBody`: `loadImages` passes it on unchanged instead of wrapping it as a
/// transport failure.
public protocol EngineUploadFailure: Error {}

/// The body as AsyncHTTPClient pulls it: one freshly filled buffer per `next()`.
struct UploadChunks<Body: EngineUploadBody>: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let body: Body
    let chunkSize: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: Body
        let chunkSize: Int
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            var buffer = ByteBufferAllocator().buffer(capacity: chunkSize)
            let body = self.body
            let limit = chunkSize
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: limit) { space in
                try body.read(into: UnsafeMutableRawBufferPointer(rebasing: space.prefix(limit)))
            }
            guard count > 0 else {
                finished = true
                return nil
            }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: body, chunkSize: chunkSize) }
}
