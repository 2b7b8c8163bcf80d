import AsyncHTTPClient
import Foundation

/// Containers and networks: what carrying containers across a storage-driver switch needs.
extension EngineClient {
    /// Commit, create and start copy layers (vfs copies a whole image on create): far slower than a listing.
    static let slowCallSeconds = 3600

    /// `docker commit`: the container's writable layer becomes a new image tagged `repository:tag`.
    /// Returns the image ID (`sha256:...`). The container is paused while committing unless `pause` is false.
    public func commitContainer(
        _ container: String, repository: String, tag: String, comment: String? = nil, pause: Bool = true
    ) async throws -> String {
        var query = [
            "container=\(Self.escapeQuery(container))", "repo=\(Self.escapeQuery(repository))",
            "tag=\(Self.escapeQuery(tag))", "pause=\(pause ? 1 : 0)",
        ]
        if let comment { query.append("comment=\(Self.escapeQuery(comment))") }
        // The body is the new image's config; an empty object keeps the container's.
        let answer = try await send(
            .POST, "/commit?" + query.joined(separator: "&"), body: Data("{}".utf8), seconds: Self.slowCallSeconds)
        return try decode(EngineCommitted.self, answer, endpoint: "/commit").Id
    }

    /// `POST /containers/create?name=NAME`: `config` is a container Config object; HostConfig and NetworkingConfig
    /// are added to it as the API expects. The container is created, not started.
    public func createContainer(
        name: String, config: EngineJSON, hostConfig: EngineJSON, networkingConfig: EngineJSON?
    ) async throws -> EngineContainerCreated {
        guard config.object != nil else {
            throw EngineError.undecodable(
                endpoint: "/containers/create", reason: "the container config is not an object")
        }
        let body = config.setting("HostConfig", to: hostConfig).setting("NetworkingConfig", to: networkingConfig)
        let path = "/containers/create?name=\(Self.escapeQuery(name))"
        let answer = try await send(.POST, path, body: try body.encoded(), seconds: Self.slowCallSeconds)
        return try decode(EngineContainerCreated.self, answer, endpoint: "/containers/create")
    }

    /// `POST /containers/{id}/start`; a container that already runs is left alone (the daemon answers 304).
    public func startContainer(_ id: String) async throws {
        _ = try await send(.POST, "/containers/\(Self.escape(id))/start", body: nil, seconds: Self.slowCallSeconds)
    }

    /// `docker inspect` of a container by ID or name, kept whole.
    public func inspectContainer(_ id: String) async throws -> EngineContainerInspection {
        let path = "/containers/\(Self.escape(id))/json"
        let answer = try await send(.GET, path, body: nil, seconds: timeoutSeconds)
        return try EngineContainerInspection(raw: EngineJSON.parse(answer, source: path), endpoint: path)
    }

    /// Like `inspectContainer`, but nil when no container has that ID or name.
    public func inspectContainerIfPresent(_ id: String) async throws -> EngineContainerInspection? {
        do {
            return try await inspectContainer(id)
        } catch EngineError.apiError(_, let status, _) where status == 404 {
            return nil
        }
    }

    /// `docker rm --force`: for undoing a container drivershift created. Its volumes are never removed (no `v=1`).
    public func removeContainer(_ id: String) async throws {
        _ = try await send(.DELETE, "/containers/\(Self.escape(id))?force=1", body: nil, seconds: timeoutSeconds)
    }

    /// `docker rmi --no-prune REFERENCE`: takes a tag drivershift made away again; the image goes only when no
    /// other tag or container holds it, and its parents stay.
    public func removeImageReference(_ reference: String) async throws {
        _ = try await send(.DELETE, "/images/\(Self.escape(reference))?noprune=1", body: nil, seconds: timeoutSeconds)
    }

    public func networks() async throws -> [EngineNetwork] {
        let answer = try await send(.GET, "/networks", body: nil, seconds: timeoutSeconds)
        return try decode([EngineNetwork].self, answer, endpoint: "/networks")
    }

    /// `docker network connect`: `endpointConfig` is an EndpointSettings object (aliases, IPAMConfig, links).
    /// Works on created, not yet started containers too.
    public func connectNetwork(_ network: String, container: String, endpointConfig: EngineJSON) async throws {
        let body = EngineJSON.object(["Container": .string(container), "EndpointConfig": endpointConfig])
        let path = "/networks/\(Self.escape(network))/connect"
        _ = try await send(.POST, path, body: try body.encoded(), seconds: timeoutSeconds)
    }

    /// `docker image inspect`, or nil when no image has that reference or ID.
    public func imageIfPresent(_ reference: String) async throws -> EngineImage? {
        do {
            return try await image(reference)
        } catch EngineError.apiError(_, let status, _) where status == 404 {
            return nil
        }
    }

    // MARK: - Transport

    private func send(_ method: CallMethod, _ path: String, body: Data?, seconds: Int) async throws -> Data {
        try await call(method, path, body: body, seconds: seconds).body
    }

    private func decode<Answer: Decodable>(_ type: Answer.Type, _ data: Data, endpoint: String) throws -> Answer {
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw EngineError.undecodable(endpoint: endpoint, reason: "\(error)")
        }
    }
}
