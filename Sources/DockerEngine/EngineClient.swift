import AsyncHTTPClient
import Foundation

/// A client of the Docker Engine API over its Unix socket, speaking the API version negotiated with the daemon.
public struct EngineClient: Sendable {
    public let endpoint: EngineEndpoint
    public let apiVersion: APIVersion
    /// How long one request may take before the daemon is reported as not answering.
    public let timeoutSeconds: Int

    /// Largest JSON answer accepted; image and container lists of real hosts stay far below this.
    static let responseLimit = 256 * 1024 * 1024

    /// Checks that a daemon listens on `endpoint`, then negotiates the API version with `/_ping`.
    public static func connect(to endpoint: EngineEndpoint, timeoutSeconds: Int = 15) async throws -> EngineClient {
        try SocketProbe.check(endpoint.socketPath)
        let unversioned = EngineClient(endpoint: endpoint, apiVersion: .oldestSupported, timeoutSeconds: timeoutSeconds)
        let (advertisedText, _) = try await unversioned.request("/_ping", versioned: false)
        let advertised = advertisedText.flatMap { APIVersion($0) }
        let version: APIVersion
        if let advertised {
            version = try APIVersion.negotiate(daemonNewest: advertised)
        } else {
            // Daemons before API 1.25 send no header; ask /version instead.
            let answer: EngineVersion = try await unversioned.get("/version", versioned: false)
            version = try APIVersion.negotiate(daemonNewest: APIVersion(answer.ApiVersion) ?? .oldestSupported)
        }
        return EngineClient(endpoint: endpoint, apiVersion: version, timeoutSeconds: timeoutSeconds)
    }

    init(endpoint: EngineEndpoint, apiVersion: APIVersion, timeoutSeconds: Int) {
        self.endpoint = endpoint
        self.apiVersion = apiVersion
        self.timeoutSeconds = timeoutSeconds
    }

    public func version() async throws -> EngineVersion { try await get("/version") }
    public func info() async throws -> EngineInfo { try await get("/info") }

    /// Every image, intermediate build images included (`docker images -a`).
    public func images() async throws -> [EngineImageSummary] { try await get("/images/json?all=1") }

    public func image(_ id: String) async throws -> EngineImage {
        try await get("/images/\(Self.escape(id))/json")
    }

    /// Every container, stopped ones included, with writable-layer sizes (`docker ps -as`).
    public func containers(withSizes: Bool = true) async throws -> [EngineContainerSummary] {
        try await get("/containers/json?all=1&size=\(withSizes ? 1 : 0)")
    }

    public func container(_ id: String) async throws -> EngineContainer {
        try await get("/containers/\(Self.escape(id))/json")
    }

    public func volumes() async throws -> [EngineVolume] {
        let list: EngineVolumeList = try await get("/volumes")
        return list.Volumes ?? []
    }

    /// `docker system df -v`: the only place the daemon reports volume sizes.
    public func diskUsage() async throws -> EngineDiskUsage { try await get("/system/df") }

    // MARK: - Transport

    func get<Answer: Decodable>(_ path: String, versioned: Bool = true) async throws -> Answer {
        let (_, body) = try await request(path, versioned: versioned)
        do {
            return try JSONDecoder().decode(Answer.self, from: body)
        } catch {
            throw EngineError.undecodable(endpoint: path, reason: "\(error)")
        }
    }

    /// The answer's body and its `API-Version` header.
    func request(_ path: String, versioned: Bool) async throws -> (apiVersion: String?, body: Data) {
        try await call(.GET, path, versioned: versioned)
    }

    enum CallMethod: String {
        case GET, POST, DELETE
    }

    /// The one way to the daemon for a call with a (JSON) body or none: the answer's body and `API-Version` for
    /// 2xx and 304; `EngineError.apiError` with the daemon's message otherwise; timeouts and transport failures
    /// as their own errors.
    func call(
        _ method: CallMethod, _ path: String, body: Data? = nil, versioned: Bool = true, seconds: Int? = nil
    ) async throws -> (apiVersion: String?, body: Data) {
        var request = try makeRequest(path, versioned: versioned)
        switch method {
        case .GET: request.method = .GET
        case .POST: request.method = .POST
        case .DELETE: request.method = .DELETE
        }
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let seconds = seconds ?? timeoutSeconds
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(seconds)))
            let collected = try await response.body.collect(upTo: Self.responseLimit)
            let data = Data(collected.readableBytesView)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) || status == 304 else {
                let endpoint = method == .GET ? path : "\(method.rawValue) \(path)"
                throw EngineError.apiError(endpoint: endpoint, status: status, message: Self.message(in: data))
            }
            return (response.headers.first(name: "API-Version"), data)
        } catch let error as EngineError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw EngineError.noAnswer(socket: endpoint.socketPath, seconds: seconds)
        } catch {
            throw EngineError.transport(socket: endpoint.socketPath, reason: "\(error)")
        }
    }

    /// A GET of `path` over the daemon's socket, under the negotiated API version when `versioned`.
    func makeRequest(_ path: String, versioned: Bool = true) throws -> HTTPClientRequest {
        let uri = versioned ? "/v\(apiVersion)\(path)" : path
        guard let url = URL(httpURLWithSocketPath: endpoint.socketPath, uri: uri) else {
            throw EngineError.unsupportedHost(endpoint.description)
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        // Go's HTTP server (dockerd) rejects requests without a Host; over a Unix socket any name will do.
        request.headers.replaceOrAdd(name: "Host", value: "docker")
        return request
    }

    /// Docker's error bodies are `{"message": "..."}`.
    static func message(in body: Data) -> String {
        struct Failure: Decodable { let message: String }
        if let failure = try? JSONDecoder().decode(Failure.self, from: body) { return failure.message }
        return String(decoding: body.prefix(500), as: UTF8.self)
    }

    static func escape(_ component: String) -> String {
        component.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? component
    }
}
