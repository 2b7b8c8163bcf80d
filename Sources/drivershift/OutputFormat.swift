import ArgumentParser

/// How a command prints its result: a table for people, JSON for machines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
