/// Checks a plan by its result: the configuration read again with the edits laid over the host's files must
/// start dockerd on the target with every storage key in daemon.json only. Whatever is off becomes a problem,
/// so that a half-right plan is never taken for a good one.
struct ConfigEditVerifier {
    let original: DockerConfiguration
    let resulting: DockerConfiguration
    let target: StorageTarget
    let expectedOptions: [String]
    let storageSetupRuns: Bool

    private static let lead = "After the planned edits"

    var problems: [ConfigProblem] {
        var problems: [ConfigProblem] = []
        func add(_ message: String, path: String? = nil, line: Int? = nil) {
            problems.append(ConfigProblem(severity: .error, message: message, path: path, line: line))
        }
        for conflict in resulting.conflicts {
            add("\(Self.lead) a key is still given twice: \(conflict.message)", path: conflict.sources.first?.path)
        }
        let before = Set(original.problems.filter { $0.severity == .error }.map(\.message))
        for problem in resulting.problems where problem.severity == .error && !before.contains(problem.message) {
            add("\(Self.lead) this becomes wrong: \(problem.message)", path: problem.path, line: problem.line)
        }

        let configFile = resulting.configFile
        if resulting.storageDriver != target.driverName || resulting.storageDriverSource?.kind != .daemonJSON
            || resulting.storageDriverSource?.path != configFile
        {
            let found = resulting.storageDriver.map {
                "\($0) from \(resulting.storageDriverSource?.description ?? "?")"
            }
            add(
                "\(Self.lead) the storage driver would be \(found ?? "unset"), not \(target.driverName) from "
                    + "\(configFile). Set it there by hand and remove it everywhere else.", path: configFile)
        }
        for setting in resulting.settingsInEffect
        where setting.kind == .dockerdFlag && ["storage-driver", "storage-opts", "graph"].contains(setting.key) {
            add(
                "\(Self.lead) \(setting.source) still passes \(setting.key) (\(setting.values.joined(separator: " "))) "
                    + "to dockerd; remove it there by hand.", path: setting.source.path, line: setting.source.line)
        }
        if resulting.settingsInEffect.contains(where: { $0.kind == .daemonJSON && $0.key == "graph" }) {
            add("\(Self.lead) \(configFile) still sets graph; rename it to data-root by hand.", path: configFile)
        }
        let options = resulting.storageOptions.flatMap(\.values)
        if options != expectedOptions || resulting.storageOptions.contains(where: { $0.source.kind != .daemonJSON }) {
            add(
                "\(Self.lead) dockerd would get the storage options [\(options.joined(separator: ", "))] instead of "
                    + "[\(expectedOptions.joined(separator: ", "))] from \(configFile).", path: configFile)
        }
        if resulting.dataRoot != original.dataRoot {
            add(
                "\(Self.lead) the data root would move from \(original.dataRoot) to \(resulting.dataRoot); "
                    + "renaming graph to data-root must keep it.", path: resulting.dataRootSource?.path)
        }
        if Self.otherArguments(of: resulting) != Self.otherArguments(of: original) {
            add(
                "\(Self.lead) dockerd's other arguments would change, not only its storage flags; the plan "
                    + "refuses to drop or alter them.")
        }
        if storageSetupRuns {
            let driver = resulting.settings.last { $0.kind == .storageSetup && $0.key == "STORAGE_DRIVER" }
            if driver?.values.first?.isEmpty != true {
                add(
                    "\(Self.lead) container-storage-setup would still be told a storage driver and write storage flags "
                        + "into /etc/sysconfig/docker-storage at the next boot.",
                    path: ConfigGathering.storageSetupFile)
            }
        }
        return problems
    }

    /// Every argument but the storage flags, with `graph` counted as the `data-root` it becomes.
    static func otherArguments(of configuration: DockerConfiguration) -> [String] {
        configuration.dockerdArguments.compactMap { argument in
            guard let flag = argument.flag else { return argument.words.joined(separator: " ") }
            if StorageFlagEdit.removedFlags.contains(flag) { return nil }
            let name = flag == "graph" ? "data-root" : flag
            return "\(name)=\(argument.value ?? "") (\(argument.source.inEffect ? "in effect" : "not in effect"))"
        }
    }
}
