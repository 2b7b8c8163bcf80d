/// Works out from what was gathered what dockerd would refuse (conflicts), what is risky, and what is in effect.
///
/// Precedence: dockerd refuses to start when a key is both a flag and in daemon.json, so there is no real
/// precedence between the two; when that conflict exists the flag's value is reported as the effective one
/// and the conflict says why dockerd would not start. Among flags, the last on the command line wins.
enum ConfigAnalysis {
    static let dockerdConflictText =
        "the following directives are specified both as a flag and in the configuration file"

    static func configuration(from gathering: ConfigGathering) -> DockerConfiguration {
        let flagSettings = flagSettings(from: gathering.arguments)
        let json = gathering.daemonJSONSettings.filter(\.source.inEffect)
        let flags = flagSettings.filter(\.source.inEffect)

        var problems = gathering.problems
        problems += repeatedFlagWarnings(flags)
        problems += dataRootAndGraphProblems(json + flags)

        func effective(_ key: String) -> ConfigSetting? {
            let isSet = { (setting: ConfigSetting) in setting.key == key && setting.values.last?.isEmpty == false }
            return flags.last(where: isSet) ?? json.last(where: isSet)
        }
        let driver = effective("storage-driver")
        let root = effective("data-root") ?? effective("graph")
        let optionFlags = flags.filter { $0.key == "storage-opts" }
        let options = optionFlags.isEmpty ? json.filter { $0.key == "storage-opts" } : optionFlags

        return DockerConfiguration(
            sources: gathering.sources,
            settings: gathering.daemonJSONSettings + flagSettings + gathering.storageSetupSettings,
            conflicts: conflicts(json: json, arguments: gathering.arguments),
            problems: problems,
            dockerdArguments: gathering.arguments.map(\.argument),
            execStart: gathering.execStart,
            configFile: gathering.configFile,
            daemonJSONKeyOrder: gathering.daemonJSONKeyOrder,
            storageDriver: driver?.values.last,
            storageDriverSource: driver?.source,
            storageOptions: options.flatMap { setting in
                setting.values.map {
                    ConfigSetting(key: setting.key, values: [$0], kind: setting.kind, source: setting.source)
                }
            },
            dataRoot: root?.values.last ?? DockerConfiguration.defaultDataRoot,
            dataRootSource: root?.source
        )
    }

    /// Settings for the storage-related flags; repeated list flags from one place are one setting.
    static func flagSettings(from arguments: [DockerdFlagParser.Parsed]) -> [ConfigSetting] {
        var settings: [ConfigSetting] = []
        for parsed in arguments {
            guard let key = parsed.argument.key, DockerdFlagParser.storageFlags.values.contains(key),
                let value = parsed.argument.value
            else { continue }
            if DockerdFlagParser.listKeys.contains(key),
                let existing = settings.firstIndex(where: {
                    $0.key == key && $0.source.hasSameOrigin(as: parsed.valueSource)
                        && $0.source.inEffect == parsed.valueSource.inEffect
                })
            {
                settings[existing].values.append(value)
                continue
            }
            settings.append(ConfigSetting(key: key, values: [value], kind: .dockerdFlag, source: parsed.valueSource))
        }
        return settings
    }

    /// dockerd's own check: any daemon.json key also given as a flag, storage-related or not.
    static func conflicts(json: [ConfigSetting], arguments: [DockerdFlagParser.Parsed]) -> [ConfigConflict] {
        let flagsInEffect = arguments.filter { $0.argument.source.inEffect && $0.argument.key != nil }
        var conflicts: [ConfigConflict] = []
        for setting in json where setting.key != "config-file" {
            let flagSources = distinctOrigins(
                flagsInEffect.filter { $0.argument.key == setting.key }.map(\.valueSource))
            guard !flagSources.isEmpty else { continue }
            let flagPlaces = flagSources.map(\.description).joined(separator: " and ")
            let asFlags = flagSources.count == 1 ? "as a dockerd flag in" : "as dockerd flags in"
            let message =
                "\(setting.key) is set both in \(setting.source.path) and \(asFlags) \(flagPlaces); dockerd refuses "
                + "to start with a key given twice ('\(dockerdConflictText)'). Keep one of them."
            conflicts.append(
                ConfigConflict(key: setting.key, sources: [setting.source] + flagSources, message: message))
        }
        return conflicts
    }

    /// Two places passing the same flag: dockerd starts, but an edit of one place is easily undone by the other.
    static func repeatedFlagWarnings(_ flags: [ConfigSetting]) -> [ConfigProblem] {
        var keys: [String] = []
        for setting in flags where !keys.contains(setting.key) { keys.append(setting.key) }
        var problems: [ConfigProblem] = []
        for key in keys {
            let settings = flags.filter { $0.key == key }
            let origins = distinctOrigins(settings.map(\.source))
            guard origins.count > 1, let last = settings.last else { continue }
            let places = origins.map(\.description).joined(separator: " and ")
            let message: String
            if DockerdFlagParser.listKeys.contains(key) {
                let count = settings.reduce(0) { $0 + $1.values.count }
                message =
                    "\(key) flags come from both \(places); dockerd adds them all up (\(count) values). "
                    + "Keep them in one place so that a change does not reach only half of them."
            } else {
                message =
                    "\(key) is given as a dockerd flag in both \(places); dockerd uses the last one on its "
                    + "command line, \(last.values.last ?? "") from \(last.source). Keep it in one place so that a "
                    + "change is not undone by the other."
            }
            problems.append(
                ConfigProblem(severity: .warning, message: message, path: last.source.path, line: last.source.line))
        }
        return problems
    }

    /// graph is data-root's old name; dockerd 17.05 and later refuse both at once.
    static func dataRootAndGraphProblems(_ settings: [ConfigSetting]) -> [ConfigProblem] {
        guard let dataRoot = settings.first(where: { $0.key == "data-root" }),
            let graph = settings.first(where: { $0.key == "graph" })
        else { return [] }
        return [
            ConfigProblem(
                severity: .error,
                message: "data-root is set in \(dataRoot.source) and graph, its old name, in \(graph.source); "
                    + "dockerd refuses both at once ('cannot specify both \"--graph\" and \"--data-root\" option'). "
                    + "Keep only data-root.",
                path: graph.source.path, line: graph.source.line)
        ]
    }

    private static func distinctOrigins(_ sources: [ConfigSource]) -> [ConfigSource] {
        var distinct: [ConfigSource] = []
        for source in sources where !distinct.contains(where: { $0.hasSameOrigin(as: source) }) {
            distinct.append(source)
        }
        return distinct
    }
}
