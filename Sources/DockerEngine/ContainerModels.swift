// The Engine API's answers about containers and networks that recreation needs. Field names are the API's own.

/// `docker inspect` of one container: the whole answer, kept raw, and the fields drivershift decides on.
public struct EngineContainerInspection: Sendable {
    public let raw: EngineJSON
    public let id: String
    /// Without Docker's leading slash.
    public let name: String
    /// `sha256:...`: the image the container runs on.
    public let imageID: String
    /// The reference it was created with (`Config.Image`), a tag or an ID.
    public let imageReference: String?
    public let running: Bool
    /// created, running, paused, restarting, removing, exited, dead.
    public let status: String

    /// `endpoint` names the request in the error when a field every inspect answer has is missing.
    public init(raw: EngineJSON, endpoint: String) throws {
        guard let id = raw["Id"]?.string, let name = raw["Name"]?.string, let imageID = raw["Image"]?.string else {
            throw EngineError.undecodable(endpoint: endpoint, reason: "the answer has no Id, Name or Image")
        }
        self.raw = raw
        self.id = id
        self.name = name.hasPrefix("/") ? String(name.dropFirst()) : name
        self.imageID = imageID
        self.imageReference = raw["Config"]?["Image"]?.string
        self.running = raw["State"]?["Running"]?.bool ?? false
        self.status = raw["State"]?["Status"]?.string ?? "unknown"
    }

    public var config: EngineJSON { raw["Config"] ?? .null }
    public var hostConfig: EngineJSON { raw["HostConfig"] ?? .null }
    /// Endpoint settings by network name.
    public var networks: [String: EngineJSON] { raw["NetworkSettings"]?["Networks"]?.object ?? [:] }
    /// What `docker inspect` lists under `Mounts`: Type, Name, Source, Destination, RW, ...
    public var mounts: [EngineJSON] { raw["Mounts"]?.array ?? [] }
}

/// The answer to `POST /containers/create`.
public struct EngineContainerCreated: Decodable, Sendable {
    public let Id: String
    public let Warnings: [String]?
}

/// The answer to `POST /commit`.
public struct EngineCommitted: Decodable, Sendable {
    public let Id: String
}

/// One entry of `GET /networks`.
public struct EngineNetwork: Decodable, Sendable {
    public let Id: String
    public let Name: String
    public let Driver: String?
}
