/// What a migration does with the host's containers.
public enum ContainerPolicy: String, Sendable, Codable, CaseIterable {
    /// Same name, config, host config, networks, volumes and restart policy on the new driver; a writable
    /// layer with changes is committed to an image first, and the report says so.
    case recreate
    /// Only commit containers with writable-layer changes to images; create no containers.
    case commitOnly = "commit-only"
    /// Leave containers behind; the report lists them.
    case skip
}

/// What a run does when a step fails.
public enum FailurePolicy: String, Sendable, Codable, CaseIterable {
    /// Undo the completed steps in reverse and bring the old driver back (the default).
    case rollback
    /// Stop where it failed and leave the host for a person (`resume` or `rollback` later).
    case stop
}
