/// A command-line word together with the place it came from (a unit's ExecStart, or the variable that held it).
struct AttributedWord: Sendable, Equatable {
    var text: String
    var source: ConfigSource
}
