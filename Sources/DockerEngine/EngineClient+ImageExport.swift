import AsyncHTTPClient
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension EngineClient {
    /// Streams `docker save` of `names` (the Engine API's `GET /images/get`) into `descriptor` as it arrives,
    /// so nothing is staged on disk. The descriptor is not closed here.
    public func exportImages(_ names: [String], into descriptor: Int32) async throws {
        let query = names.map { "names=\(Self.escapeQuery($0))" }.joined(separator: "&")
        let path = "/images/get?\(query)"
        let request = try makeRequest(path)
        do {
            // A save of many gigabytes takes long; the daemon is alive as long as bytes keep coming.
            let response = try await HTTPClient.shared.execute(request, timeout: .hours(24))
            guard response.status.code == 200 else {
                let body = try await response.body.collect(upTo: 1 << 20)
                throw EngineError.apiError(
                    endpoint: "/images/get", status: Int(response.status.code),
                    message: Self.message(in: Data(body.readableBytesView)))
            }
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { try Self.writeAll($0, to: descriptor) }
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.transport(socket: endpoint.socketPath, reason: "image export stream: \(error)")
        }
    }

    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw EngineError.transport(socket: "pipe", reason: String(cString: strerror(errno)))
            }
            offset += count
        }
    }

    static func escapeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? value
    }
}
