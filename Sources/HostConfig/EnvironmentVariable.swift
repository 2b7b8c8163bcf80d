/// A variable in docker.service's environment, with the place that defined it.
struct EnvironmentVariable: Sendable, Equatable {
    var value: String
    var source: ConfigSource
}
