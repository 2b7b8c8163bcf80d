import DockerEngine

/// Creates a snapshot's container again on a daemon: same name, config, host config, networks, volumes and
/// restart policy, on the same image (or an override such as its committed image), started if it should run.
///
/// Idempotent, so a resumed migration can call it again: a container of that name on the expected image
/// counts as done (missing networks are joined and it is started if it should run); one on another image is
/// someone else's and stops the run. A container that fails half-way is removed again, never its volumes.
public enum ContainerRecreator {
    /// `image` overrides the snapshot's image (e.g. the image its writable layer was committed to); `peers` are
    /// the other carried containers, so references to their old IDs become references to their names.
    public static func recreate(
        _ snapshot: ContainerSnapshot, image: String? = nil, peers: [ContainerSnapshot] = [], client: EngineClient
    ) async throws -> RecreateOutcome {
        guard !snapshot.isDiscardedByDocker else {
            throw ContainerCarryError.containerBeingRemoved(name: snapshot.name, state: snapshot.state)
        }
        let (reference, imageID) = try await resolveImage(of: snapshot, override: image, client: client)
        let request = RecreateRequest(snapshot: snapshot, imageReference: reference, peers: peers)

        // By name only: the daemon would also accept an ID prefix that happens to equal the name.
        if let existing = try await client.inspectContainerIfPresent(snapshot.name), existing.name == snapshot.name {
            guard existing.imageID == imageID else {
                throw ContainerCarryError.nameTaken(
                    name: snapshot.name, existingID: existing.id,
                    existingImage: existing.imageReference ?? existing.imageID,
                    expectedImage: "\(reference) (\(imageID))")
            }
            return try await complete(
                existing, request: request, snapshot: snapshot, reference: reference, client: client)
        }

        try await checkNetworks(request, snapshot: snapshot, client: client)
        try await checkPeers(of: snapshot, among: peers, client: client)
        let created: EngineContainerCreated
        do {
            created = try await client.createContainer(
                name: request.name, config: request.config, hostConfig: request.hostConfig,
                networkingConfig: request.networkingConfig)
        } catch let error as EngineError {
            throw ContainerCarryError.daemonRefused(
                container: snapshot.name, step: "create the container", reason: "\(error)", leftover: .nothing)
        }
        do {
            for join in request.additionalNetworks {
                try await client.connectNetwork(join.network, container: created.Id, endpointConfig: join.settings)
            }
            if snapshot.shouldRun { try await client.startContainer(created.Id) }
        } catch let error as EngineError {
            let removed = (try? await client.removeContainer(created.Id)) != nil
            let step = snapshot.shouldRun ? "join its networks and start it" : "join its networks"
            throw ContainerCarryError.daemonRefused(
                container: snapshot.name, step: step, reason: "\(error)", leftover: removed ? .removed : .container)
        }
        return RecreateOutcome(
            action: .created, name: snapshot.name, containerID: created.Id, imageReference: reference,
            imageID: imageID, started: snapshot.shouldRun, warnings: created.Warnings ?? [])
    }

    /// The reference to create from and the image ID it must give. The old reference is kept while it still
    /// names the same image; when it names another (a tag moved) or none, the image ID is used instead.
    static func resolveImage(of snapshot: ContainerSnapshot, override: String?, client: EngineClient) async throws
        -> (reference: String, imageID: String)
    {
        if let override {
            guard let image = try await client.imageIfPresent(override) else {
                throw ContainerCarryError.imageMissing(container: snapshot.name, reference: override, imageID: nil)
            }
            return (override, image.Id)
        }
        if let tagged = try await client.imageIfPresent(snapshot.imageReference), tagged.Id == snapshot.imageID {
            return (snapshot.imageReference, tagged.Id)
        }
        guard let image = try await client.imageIfPresent(snapshot.imageID) else {
            throw ContainerCarryError.imageMissing(
                container: snapshot.name, reference: snapshot.imageReference, imageID: snapshot.imageID)
        }
        return (image.Id, image.Id)
    }

    /// An existing container made by an earlier, interrupted run: joins the networks it lacks and starts it.
    private static func complete(
        _ existing: EngineContainerInspection, request: RecreateRequest, snapshot: ContainerSnapshot,
        reference: String, client: EngineClient
    ) async throws -> RecreateOutcome {
        let joined = Set(existing.networks.keys)
        do {
            for join in request.networks where !joined.contains(join.network) {
                try await client.connectNetwork(join.network, container: existing.id, endpointConfig: join.settings)
            }
            let start = snapshot.shouldRun && !existing.running
            if start { try await client.startContainer(existing.id) }
            return RecreateOutcome(
                action: .alreadyPresent, name: snapshot.name, containerID: existing.id,
                imageReference: existing.imageReference ?? reference, imageID: existing.imageID, started: start,
                warnings: [])
        } catch let error as EngineError {
            throw ContainerCarryError.daemonRefused(
                container: snapshot.name, step: "finish the container an earlier run created", reason: "\(error)",
                leftover: .container)
        }
    }

    /// Before anything is created: every network must exist (they live in the data root's network store, which
    /// a migration keeps; a new data root needs them made again).
    private static func checkNetworks(_ request: RecreateRequest, snapshot: ContainerSnapshot, client: EngineClient)
        async throws
    {
        guard !request.networks.isEmpty else { return }
        let known = try await client.networks()
        for join in request.networks {
            let exists = known.contains { $0.Name == join.network || $0.Id == join.network }
            if !exists { throw ContainerCarryError.networkMissing(container: snapshot.name, network: join.network) }
        }
    }

    private static func checkPeers(
        of snapshot: ContainerSnapshot, among peers: [ContainerSnapshot], client: EngineClient
    )
        async throws
    {
        for reference in snapshot.peerReferences {
            let target = ContainerSnapshot.resolve(reference.reference, among: peers)?.name ?? reference.reference
            if try await client.inspectContainerIfPresent(target) == nil {
                throw ContainerCarryError.peerMissing(container: snapshot.name, peer: target, role: reference.role)
            }
        }
    }
}
