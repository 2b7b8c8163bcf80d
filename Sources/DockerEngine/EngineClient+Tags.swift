import AsyncHTTPClient
import Foundation

extension EngineClient {
    /// `docker tag`: points `repository:tag` at `image` (an ID or reference), `POST /images/{image}/tag`.
    /// Without `force` the daemon refuses to move a tag that already points at another image (HTTP 409).
    public func tagImage(_ image: String, repository: String, tag: String, force: Bool = false) async throws {
        var query = "repo=\(Self.escapeQuery(repository))&tag=\(Self.escapeQuery(tag))"
        if force { query += "&force=1" }
        _ = try await post("/images/\(Self.escape(image))/tag?\(query)")
    }

    /// A POST without a body; the answer's body. Non-2xx answers throw with the daemon's message.
    func post(_ path: String) async throws -> Data {
        var request = try makeRequest(path)
        request.method = .POST
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
            let body = try await response.body.collect(upTo: Self.responseLimit)
            let data = Data(body.readableBytesView)
            guard (200..<300).contains(Int(response.status.code)) else {
                throw EngineError.apiError(
                    endpoint: path, status: Int(response.status.code), message: Self.message(in: data))
            }
            return data
        } catch let error as EngineError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw EngineError.noAnswer(socket: endpoint.socketPath, seconds: timeoutSeconds)
        } catch {
            throw EngineError.transport(socket: endpoint.socketPath, reason: "\(error)")
        }
    }
}
