import Foundation

/// One container as `containers/<id>/config.v2.json` and layerdb's `mounts/<id>/` describe it.
public struct StoredContainer: Sendable, Hashable {
    public let id: String
    /// Without Docker's leading slash.
    public let name: String
    public let imageID: Digest?
    /// The reference the container was created from (`Config.Image`).
    public let imageReference: String?
    /// Docker's state word: created, running, paused, restarting, exited, dead.
    public let state: String
    public let driver: String?
    public let created: String?
    /// The driver's name for the writable layer (layerdb `mounts/<id>/mount-id`).
    public let mountID: String?

    /// Parses config.v2.json; `path` is only for error messages.
    public static func parse(_ data: Data, mountID: String?, path: String) throws -> StoredContainer {
        struct Config: Decodable {
            struct State: Decodable {
                let Running: Bool?
                let Paused: Bool?
                let Restarting: Bool?
                let Dead: Bool?
                let RemovalInProgress: Bool?
                let StartedAt: String?
            }
            struct ContainerConfig: Decodable { let Image: String? }
            let ID: String
            let Name: String?
            let Image: String?
            let State: State?
            let Driver: String?
            let Created: String?
            let Config: ContainerConfig?
        }
        let config: Config
        do {
            config = try JSONDecoder().decode(Config.self, from: data)
        } catch {
            throw DockerStateError.corrupt(path: path, reason: "container config is not valid JSON (\(error))")
        }
        var name = config.Name ?? ""
        if name.hasPrefix("/") { name.removeFirst() }
        return StoredContainer(
            id: config.ID, name: name, imageID: config.Image.flatMap { Digest($0) },
            imageReference: config.Config?.Image,
            state: stateWord(
                config.State.map {
                    StateFlags(
                        running: $0.Running ?? false, paused: $0.Paused ?? false, restarting: $0.Restarting ?? false,
                        dead: $0.Dead ?? false, removing: $0.RemovalInProgress ?? false, startedAt: $0.StartedAt)
                }),
            driver: config.Driver, created: config.Created, mountID: mountID)
    }

    struct StateFlags {
        let running, paused, restarting, dead, removing: Bool
        let startedAt: String?
    }

    /// Docker's own rule (container/state.go StateString), so offline and online agree.
    static func stateWord(_ flags: StateFlags?) -> String {
        guard let flags else { return "created" }
        if flags.running {
            if flags.paused { return "paused" }
            if flags.restarting { return "restarting" }
            return "running"
        }
        if flags.removing { return "removing" }
        if flags.dead { return "dead" }
        if flags.startedAt == nil || flags.startedAt?.hasPrefix("0001-01-01") == true { return "created" }
        return "exited"
    }
}
