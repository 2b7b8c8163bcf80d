/// Why a container or volume could not be read, recreated or checked; each case names it and says what to do.
public enum ContainerCarryError: Error, CustomStringConvertible, Sendable {
    case containersDirectoryUnreadable(path: String, reason: String)
    case containerFileUnreadable(container: String, path: String, reason: String)
    case containerFileCorrupt(container: String, path: String, reason: String)
    case containerBeingRemoved(name: String, state: String)
    case imageMissing(container: String, reference: String, imageID: String?)
    case networkMissing(container: String, network: String)
    case peerMissing(container: String, peer: String, role: String)
    case nameTaken(name: String, existingID: String, existingImage: String, expectedImage: String)
    case daemonRefused(container: String, step: String, reason: String, leftover: Leftover)
    case volumeUnreadable(path: String, reason: String)

    /// What a failed recreation left on the daemon.
    public enum Leftover: Sendable {
        /// Nothing was created.
        case nothing
        /// The container created by this call was removed again.
        case removed
        /// A container stays: one from an earlier run, or one that could not be removed.
        case container
    }

    public var description: String {
        switch self {
        case .containersDirectoryUnreadable(let path, let reason):
            return "cannot list the containers directory \(path): \(reason). Check --data-root and run as root."
        case .containerFileUnreadable(let container, let path, let reason):
            return "container \(container): cannot read \(path): \(reason). Docker keeps each container's "
                + "configuration there; check the path and run as root."
        case .containerFileCorrupt(let container, let path, let reason):
            return "container \(container): \(path) is not what Docker writes there (\(reason)). Restore the file "
                + "from a backup, or leave this container out (policy skip) and recreate it by hand."
        case .containerBeingRemoved(let name, let state):
            return "container \(name) is \(state): Docker discards such containers when it starts, so it is not "
                + "recreated. Leave it out (policy skip)."
        case .imageMissing(let container, let reference, let imageID):
            let id = imageID.map { " (image \($0))" } ?? ""
            return "container \(container) needs image \(reference)\(id), which the daemon does not have: "
                + "import the images first (step import), then recreate the containers."
        case .networkMissing(let container, let network):
            return "container \(container) was attached to network \(network), which the daemon does not have: "
                + "create it (`docker network create \(network)` with its old subnet and options) and run again."
        case .peerMissing(let container, let peer, let role):
            return "container \(container) \(role) container \(peer), which does not exist on the daemon: "
                + "recreate \(peer) first (containers are recreated in dependency order) or leave \(container) out."
        case .nameTaken(let name, let existingID, let existingImage, let expectedImage):
            return "a container named \(name) already exists (\(existingID.prefix(12))) on image \(existingImage), "
                + "not on \(expectedImage) as the carried one: it is someone else's. Rename or remove it "
                + "(`docker rename \(name) \(name)-old`), then run again."
        case .daemonRefused(let container, let step, let reason, let leftover):
            let next: String
            switch leftover {
            case .nothing: next = "Nothing was created; fix the cause and run again."
            case .removed: next = "The half-made container was removed again; fix the cause and run again."
            case .container:
                next =
                    "The container \(container) stays on the daemon; fix the cause and run again (it is finished "
                    + "then), or remove it with `docker rm -f \(container)`."
            }
            return "the daemon refused to \(step) for container \(container): \(reason). \(next)"
        case .volumeUnreadable(let path, let reason):
            return "cannot read \(path) to compute the volume digest: \(reason). Run as root, with dockerd stopped "
                + "or the volume not in use."
        }
    }
}
