import ContainerCarry
import DockerEngine
import Foundation

/// Creates the planned containers again on the new driver, from their configuration as the old daemon left
/// it on disk (now in the set-aside directory): same name, config, host config, networks, volumes and restart
/// policy, on the same image or on the image their writable layer was committed to; started if they ran.
public struct ContainersStep: MigrationStep {
    public let name = "containers"

    public init() {}

    func snapshots(_ context: MigrationContext) throws -> [ContainerSnapshot] {
        let directory = context.resolve(SetAsideStep.setAsideRoot(context) + "/containers")
        let running = context.recordedValue(step: "stop-daemon", key: "running").map {
            Set($0.split(separator: ",").map(String.init))
        }
        return try ContainerSnapshot.loadAll(containersDirectory: directory, runningIDs: running)
    }

    var carriedActions: Set<PlannedContainer.Action> { [.recreate, .commitAndRecreate] }

    public func run(_ context: MigrationContext) async throws -> StepOutcome {
        let planned = context.plan.containers.filter { carriedActions.contains($0.action) }
        guard !planned.isEmpty else { return .skipped(reason: "no container to create again") }
        let all = try snapshots(context)
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let client = try await context.engineClient()
        var created = false
        for snapshot in ContainerSnapshot.creationOrder(all) {
            guard let container = planned.first(where: { $0.id == snapshot.id }) else { continue }
            let outcome = try await ContainerRecreator.recreate(
                snapshot, image: container.committedImage, peers: all, client: client)
            try context.record(step: name, ["created.\(snapshot.name)": outcome.containerID])
            for warning in outcome.warnings { context.note(name, "\(snapshot.name): \(warning)") }
            created = created || outcome.action == .created
            context.note(name, "\(snapshot.name): \(outcome.action) on \(outcome.imageReference)")
        }
        let missing = planned.filter { byID[$0.id] == nil }.map(\.name)
        guard missing.isEmpty else {
            throw MigrationError.stepFailed(
                step: name, reason: "no configuration on disk for \(missing.joined(separator: ", "))")
        }
        return created ? .changed : .ok
    }

    public func verify(_ context: MigrationContext) async throws {
        let planned = context.plan.containers.filter { carriedActions.contains($0.action) }
        guard !planned.isEmpty else { return }
        let all = try snapshots(context)
        let client = try await context.engineClient()
        var differences: [String] = []
        var found: [(PlannedContainer, ContainerSnapshot, EngineContainerInspection)] = []
        for container in planned {
            guard let snapshot = all.first(where: { $0.id == container.id }),
                let after = try await client.inspectContainerIfPresent(container.name)
            else {
                differences.append("\(container.name): not there")
                continue
            }
            found.append((container, snapshot, after))
        }
        // `container:<id>` references name a peer by its ID, old or new: both map to the peer's name.
        var names = Dictionary(all.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for (_, _, after) in found { names[after.id] = after.name }
        for (container, snapshot, after) in found {
            let committedID = try await container.committedImage.asyncMap { try await client.imageIfPresent($0)?.Id }
            differences += ContainerComparison.compare(
                before: snapshot, after: after, imageReference: container.committedImage,
                imageID: committedID ?? nil, containerNames: names
            ).map { "\(container.name): \($0)" }
        }
        guard differences.isEmpty else {
            throw MigrationError.stepFailed(
                step: name, reason: "recreated containers differ: " + differences.prefix(8).joined(separator: "; "))
        }
    }

    /// Removes the containers this step created (never their volumes); the old ones are still set aside.
    public func rollback(_ context: MigrationContext) async throws {
        guard let client = try? await context.engineClient() else { return }
        for container in context.plan.containers {
            guard let id = context.recordedValue(step: name, key: "created.\(container.name)") else { continue }
            if try await client.inspectContainerIfPresent(id) != nil {
                try await client.removeContainer(id)
                context.note(name, "removed the recreated \(container.name)")
            }
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
