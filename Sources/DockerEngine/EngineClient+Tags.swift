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
        try await call(.POST, path).body
    }
}
