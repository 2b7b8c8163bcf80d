import DockerState

/// How one layer's export ended.
enum LayerResult: Sendable {
    case written(bytes: UInt64)
    case reused(bytes: UInt64)
    case failed(message: String)
}
