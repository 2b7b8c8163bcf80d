import HostConfig

/// `config.conflict`: a key given both as a dockerd flag and in daemon.json keeps dockerd from starting. The
/// switch rewrites every source so that each key is set once, which resolves conflicts already there; a
/// configuration it cannot read or merge (a daemon.json that does not parse, a unit naming a missing file)
/// stops it.
struct ConfigConflictCheck: Sendable {
    static let title = "configuration conflicts"

    let configuration: DockerConfiguration

    func check() -> PreflightCheck {
        let errors = configuration.problems.filter { $0.severity == .error }
        let warnings = configuration.problems.filter { $0.severity == .warning }
        if !errors.isEmpty {
            return PreflightCheck(
                id: PreflightCheckID.configConflict, title: Self.title, status: .blocker,
                finding: "\(errors.count) configuration error\(errors.count == 1 ? "" : "s"): "
                    + errors.map(Self.describe).joined(separator: "; "),
                remedy: "fix the configuration by hand (the switch cannot merge into it), then rerun the preflight")
        }
        if !configuration.conflicts.isEmpty {
            let keys = configuration.conflicts.map { conflict in
                "\(conflict.key) in " + conflict.sources.map(\.description).joined(separator: " and ")
            }
            return PreflightCheck(
                id: PreflightCheckID.configConflict, title: Self.title, status: .warning,
                finding: "dockerd will not start as configured: set both as a flag and in daemon.json: "
                    + keys.joined(separator: "; "),
                remedy: "nothing to do by hand: the switch leaves exactly one source for each key; "
                    + "review its diff")
        }
        if !warnings.isEmpty {
            return PreflightCheck(
                id: PreflightCheckID.configConflict, title: Self.title, status: .warning,
                finding: warnings.map(Self.describe).joined(separator: "; "),
                remedy: "review the switch's diff for these files")
        }
        let count = configuration.sources.filter(\.inEffect).count
        return PreflightCheck(
            id: PreflightCheckID.configConflict, title: Self.title, status: .ok,
            finding: "no key is set in two places (\(count) configuration source\(count == 1 ? "" : "s") in effect)")
    }

    /// "/etc/docker/daemon.json line 3: message".
    static func describe(_ problem: ConfigProblem) -> String {
        guard let path = problem.path else { return problem.message }
        return "\(path)\(problem.line.map { " line \($0)" } ?? ""): \(problem.message)"
    }
}
