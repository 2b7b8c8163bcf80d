/// What `ContainerRecreator.recreate` did for one container.
public struct RecreateOutcome: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        /// Created now (and joined to its networks).
        case created
        /// A container of that name on the expected image was there already: an earlier run made it.
        case alreadyPresent
    }

    public let action: Action
    public let name: String
    public let containerID: String
    /// What the new container's `Config.Image` says: the old reference, the image ID when the reference now
    /// names another image (or nothing), or the committed image given as override.
    public let imageReference: String
    /// `sha256:...` of the image it runs on.
    public let imageID: String
    /// Started by this call.
    public let started: Bool
    /// The daemon's warnings on create (a memory limit the kernel ignores, ...).
    public let warnings: [String]

    public init(
        action: Action, name: String, containerID: String, imageReference: String, imageID: String, started: Bool,
        warnings: [String]
    ) {
        self.action = action
        self.name = name
        self.containerID = containerID
        self.imageReference = imageReference
        self.imageID = imageID
        self.started = started
        self.warnings = warnings
    }
}
