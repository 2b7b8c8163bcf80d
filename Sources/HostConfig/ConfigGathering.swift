/// The raw material of a `DockerConfiguration`: every source, dockerd argument and daemon.json key found,
/// before conflicts and effective values are worked out (`ConfigAnalysis`).
struct ConfigGathering {
    /// Variable files that carry dockerd flags, and the variable the packaged units pass to dockerd.
    static let flagVariables: [(path: String, variable: String)] = [
        ("/etc/sysconfig/docker", "OPTIONS"),
        ("/etc/sysconfig/docker-storage", "DOCKER_STORAGE_OPTIONS"),
        ("/etc/default/docker", "DOCKER_OPTS"),
    ]
    static let defaultDockerFile = "/etc/default/docker"
    static let storageSetupFile = "/etc/sysconfig/docker-storage-setup"
    /// The units that run container-storage-setup at boot (named after it, or after its old name).
    static let storageSetupUnits = ["docker-storage-setup.service", "container-storage-setup.service"]
    /// Without systemd, Debian/Ubuntu start dockerd with `$DOCKER_OPTS` from /etc/default/docker.
    static let initScripts = ["/etc/init/docker.conf", "/etc/init.d/docker"]

    struct VariableOrigin: Hashable {
        var path: String
        var variable: String
    }

    let files: HostFileReader
    var sources: [ConfigSource] = []
    var arguments: [DockerdFlagParser.Parsed] = []
    var daemonJSONSettings: [ConfigSetting] = []
    var storageSetupSettings: [ConfigSetting] = []
    var problems: [ConfigProblem] = []
    var execStart: DockerdExecStart?
    var configFile = DockerConfiguration.defaultConfigFile
    var daemonJSONKeyOrder: [String] = []

    /// Parsed variable files by host path; nil for a file that does not exist.
    private var variableFiles: [String: VariableFile?] = [:]
    private var variableFileOrder: [String] = []
    private var loadedByUnit: Set<String> = []
    /// The variables whose value dockerd receives, with the file that supplies the value.
    private var variablesInEffect: Set<VariableOrigin> = []
    private var storageSetupInEffect = false

    init(files: HostFileReader) {
        self.files = files
    }

    mutating func gather() throws {
        let service = try SystemdService.load(from: files)
        try gatherSystemd(service)
        if service.unit == nil && service.maskedAt == nil { try gatherInitScriptOptions() }
        try gatherUnusedFlagVariables(service: service)
        try gatherStorageSetup()
        addVariableFileSources()
        try gatherDaemonJSON()
    }

    // MARK: - systemd

    private mutating func gatherSystemd(_ service: SystemdService) throws {
        if let masked = service.maskedAt {
            problems.append(
                ConfigProblem(
                    severity: .warning,
                    message: "docker.service is masked (\(masked) links to /dev/null): systemd does not start dockerd, "
                        + "so no flags from a unit are in effect. Run `systemctl unmask docker` if Docker should run.",
                    path: masked))
        }
        if let unit = service.unit { sources.append(ConfigSource(kind: .systemdUnit, path: unit.path, inEffect: true)) }
        for dropIn in service.dropIns {
            sources.append(ConfigSource(kind: .systemdDropIn, path: dropIn.path, inEffect: service.unit != nil))
        }
        guard let unit = service.unit else { return }

        let environment = try environment(of: service)
        guard let chosen = service.execStarts.last else {
            problems.append(
                ConfigProblem(
                    severity: .error,
                    message: "docker.service has no ExecStart= once its drop-ins are applied (an empty ExecStart= "
                        + "clears it), so systemd cannot start dockerd. Add ExecStart=/usr/bin/dockerd ... after the "
                        + "empty one.",
                    path: service.dropIns.last?.path ?? unit.path))
            return
        }
        if service.execStarts.count > 1 {
            let places = service.execStarts.map { "\($0.path) line \($0.line)" }.joined(separator: ", ")
            problems.append(
                ConfigProblem(
                    severity: .error,
                    message: "docker.service has \(service.execStarts.count) ExecStart= lines (\(places)); systemd "
                        + "refuses more than one for a service that is not Type=oneshot. Put an empty ExecStart= "
                        + "before the new one in the drop-in.",
                    path: chosen.path, line: chosen.line))
        }
        let literalSource = ConfigSource(kind: chosen.kind, path: chosen.path, line: chosen.line, inEffect: true)
        let expansion: ExecStartExpander.Expansion
        do {
            expansion = try ExecStartExpander.expand(
                chosen.value, literalSource: literalSource, environment: environment)
        } catch {
            problems.append(
                ConfigProblem(
                    severity: .error, message: "ExecStart= in \(chosen.path) cannot be read: \(error)",
                    path: chosen.path, line: chosen.line))
            return
        }
        execStart = DockerdExecStart(source: literalSource, rawValue: chosen.value, argv: expansion.words.map(\.text))
        arguments += DockerdFlagParser.parse(Array(expansion.words.dropFirst()))
        for name in expansion.referencedVariables {
            if let variable = environment[name] {
                variablesInEffect.insert(VariableOrigin(path: variable.source.path, variable: name))
            }
        }
    }

    /// `Environment=` first, then each `EnvironmentFile=` in order, later values overriding, as systemd does.
    private mutating func environment(of service: SystemdService) throws -> [String: EnvironmentVariable] {
        var environment: [String: EnvironmentVariable] = [:]
        for directive in service.environment {
            let assignments: [String]
            do {
                assignments = try ShellWords.split(directive.value)
            } catch {
                problems.append(
                    ConfigProblem(
                        severity: .error, message: "Environment= in \(directive.path) cannot be read: \(error)",
                        path: directive.path, line: directive.line))
                continue
            }
            for assignment in assignments {
                guard let equals = assignment.firstIndex(of: "=") else { continue }
                let name = String(assignment[..<equals])
                guard name.isVariableName else { continue }
                let source = ConfigSource(
                    kind: directive.kind, path: directive.path, variable: name, line: directive.line, inEffect: true)
                environment[name] = EnvironmentVariable(
                    value: String(assignment[assignment.index(after: equals)...]), source: source)
            }
        }
        for reference in service.environmentFiles {
            guard let file = try variableFile(at: reference.path) else {
                if !reference.optional {
                    let directive = reference.directive
                    problems.append(
                        ConfigProblem(
                            severity: .error,
                            message: "\(reference.path) does not exist, but \(directive.path) requires it "
                                + "(EnvironmentFile= without '-'), so systemd will not start docker.service. Create "
                                + "the file or write EnvironmentFile=-\(reference.path).",
                            path: directive.path, line: directive.line))
                }
                continue
            }
            loadedByUnit.insert(reference.path)
            let kind = ConfigSource.kind(ofVariableFile: reference.path)
            for assignment in file.assignments {
                let source = ConfigSource(
                    kind: kind, path: reference.path, variable: assignment.name, line: assignment.line, inEffect: true)
                environment[assignment.name] = EnvironmentVariable(value: assignment.value, source: source)
            }
        }
        return environment
    }

    // MARK: - Variable files

    private mutating func gatherInitScriptOptions() throws {
        var hasInitScript = false
        for script in Self.initScripts where try files.exists(script) { hasInitScript = true }
        guard hasInitScript, let file = try variableFile(at: Self.defaultDockerFile),
            let assignment = file.assignment(of: "DOCKER_OPTS")
        else { return }
        let source = ConfigSource(
            kind: .defaultDocker, path: Self.defaultDockerFile, variable: "DOCKER_OPTS", line: assignment.line,
            inEffect: true)
        addFlags(from: assignment.value, source: source)
        variablesInEffect.insert(VariableOrigin(path: Self.defaultDockerFile, variable: "DOCKER_OPTS"))
    }

    /// The flag variables dockerd does not receive are still read: they are what a user may believe is in
    /// effect, and what a migration must leave consistent.
    private mutating func gatherUnusedFlagVariables(service: SystemdService) throws {
        for (path, variable) in Self.flagVariables {
            guard let file = try variableFile(at: path), let assignment = file.assignment(of: variable),
                !variablesInEffect.contains(VariableOrigin(path: path, variable: variable))
            else { continue }
            let source = ConfigSource(
                kind: ConfigSource.kind(ofVariableFile: path), path: path, variable: variable, line: assignment.line,
                inEffect: false)
            let before = arguments.count
            addFlags(from: assignment.value, source: source)
            let keys = Self.storageKeys(in: arguments[before...])
            guard !keys.isEmpty else { continue }
            let reason: String
            if service.unit == nil {
                reason = "no docker.service or init script passes it to dockerd"
            } else if loadedByUnit.contains(path) {
                reason =
                    "docker.service loads the file, but its ExecStart= does not use $\(variable) "
                    + "(or another file sets it later)"
            } else {
                reason = "docker.service does not load it (no EnvironmentFile=\(path))"
            }
            problems.append(
                ConfigProblem(
                    severity: .warning,
                    message: "\(source) sets \(keys.joined(separator: ", ")), but dockerd does not read it: \(reason). "
                        + "These values are not in effect; remove them so nobody mistakes them for the real ones.",
                    path: path, line: assignment.line))
        }
    }

    private mutating func gatherStorageSetup() throws {
        guard let file = try variableFile(at: Self.storageSetupFile) else { return }
        var inEffect = false
        for unit in Self.storageSetupUnits where try SystemdService.unitExists(unit, in: files) { inEffect = true }
        storageSetupInEffect = inEffect
        for assignment in file.effectiveAssignments {
            let source = ConfigSource(
                kind: .sysconfigStorageSetup, path: Self.storageSetupFile, variable: assignment.name,
                line: assignment.line, inEffect: inEffect)
            storageSetupSettings.append(
                ConfigSetting(key: assignment.name, values: [assignment.value], kind: .storageSetup, source: source))
        }
    }

    private mutating func addVariableFileSources() {
        for path in variableFileOrder where (variableFiles[path] ?? nil) != nil {
            let kind = ConfigSource.kind(ofVariableFile: path)
            let inEffect =
                kind == .sysconfigStorageSetup ? storageSetupInEffect : variablesInEffect.contains { $0.path == path }
            sources.append(ConfigSource(kind: kind, path: path, inEffect: inEffect))
        }
    }

    private mutating func addFlags(from value: String, source: ConfigSource) {
        let words: [String]
        do {
            words = try ShellWords.split(value)
        } catch {
            problems.append(
                ConfigProblem(
                    severity: source.inEffect ? .error : .warning,
                    message: "\(source) cannot be split into dockerd arguments: \(error)", path: source.path,
                    line: source.line))
            words = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        }
        arguments += DockerdFlagParser.parse(words.map { AttributedWord(text: $0, source: source) })
    }

    private mutating func variableFile(at path: String) throws -> VariableFile? {
        if let cached = variableFiles[path] { return cached }
        let file: VariableFile?
        switch try files.lookUp(path) {
        case .missing:
            file = nil
        case .devNull:
            file = VariableFile(assignments: [], issues: [])
        case .directory, .notAFile:
            problems.append(
                ConfigProblem(
                    severity: .warning,
                    message: "\(path) is not a regular file, so it was not read; "
                        + "a variable file is expected there.", path: path))
            file = nil
        case .file(let text):
            let parsed = VariableFile.parse(text)
            for issue in parsed.issues where issue.kind == .unterminatedQuote {
                problems.append(
                    ConfigProblem(
                        severity: .error,
                        message: "\(path) line \(issue.line) opens a quote that is never closed, so everything after "
                            + "it becomes part of one value. Close the quote.", path: path, line: issue.line))
            }
            file = parsed
        }
        variableFiles[path] = .some(file)
        variableFileOrder.append(path)
        return file
    }

    static func storageKeys(in arguments: ArraySlice<DockerdFlagParser.Parsed>) -> [String] {
        var keys: [String] = []
        for parsed in arguments {
            guard let key = parsed.argument.key, DockerdFlagParser.storageFlags.values.contains(key),
                parsed.argument.value != nil, !keys.contains(key)
            else { continue }
            keys.append(key)
        }
        return keys
    }

    // MARK: - daemon.json

    private mutating func gatherDaemonJSON() throws {
        let named = arguments.last {
            $0.argument.source.inEffect && $0.argument.key == "config-file" && $0.argument.value?.isEmpty == false
        }
        if let value = named?.argument.value { configFile = value.hasPrefix("/") ? value : "/" + value }
        try readDaemonJSON(at: configFile, inEffect: true, namedBy: named?.valueSource)
        if configFile != DockerConfiguration.defaultConfigFile {
            try readDaemonJSON(at: DockerConfiguration.defaultConfigFile, inEffect: false, namedBy: nil)
        }
    }

    private mutating func readDaemonJSON(at path: String, inEffect: Bool, namedBy flagSource: ConfigSource?) throws {
        let severity: ConfigProblem.Severity = inEffect ? .error : .warning
        let text: String
        switch try files.lookUp(path) {
        case .missing:
            if let flagSource {
                problems.append(
                    ConfigProblem(
                        severity: .error,
                        message: "dockerd is started with --config-file \(path) (from \(flagSource)), but \(path) "
                            + "does not exist, so dockerd will not start. Create it (\"{}\" will do) or remove the flag.",
                        path: path))
            }
            return
        case .directory, .notAFile:
            sources.append(ConfigSource(kind: .daemonJSON, path: path, inEffect: inEffect))
            problems.append(
                ConfigProblem(
                    severity: severity,
                    message: "\(path) is not a regular file (a directory left by bind-mounting a missing file?); "
                        + "dockerd cannot read it and will not start. Replace it with a JSON file.", path: path))
            return
        case .devNull:
            text = ""
        case .file(let contents):
            text = contents
        }
        sources.append(ConfigSource(kind: .daemonJSON, path: path, inEffect: inEffect))

        let parsed: DaemonJSONFile
        do {
            parsed = try DaemonJSONFile.parse(Array(text.utf8))
        } catch {
            problems.append(
                ConfigProblem(
                    severity: severity,
                    message:
                        "\(path) is not valid JSON: \(error.message) (line \(error.line), column \(error.column)). "
                        + "dockerd will not start with it; fix the file at that place.",
                    path: path, line: error.line, column: error.column))
            return
        }
        if inEffect { daemonJSONKeyOrder = parsed.entries.map(\.key) }
        for key in parsed.repeatedKeys {
            problems.append(
                ConfigProblem(
                    severity: .warning,
                    message: "\"\(key.name)\" appears more than once in \(path) (again at line \(key.line)); dockerd "
                        + "uses the last one. Remove the others so that an edit does not change the wrong one.",
                    path: path, line: key.line, column: key.column))
        }
        for entry in parsed.entries {
            let source = ConfigSource(kind: .daemonJSON, path: path, line: entry.line, inEffect: inEffect)
            daemonJSONSettings.append(
                ConfigSetting(key: entry.key, values: entry.values, kind: .daemonJSON, source: source))
        }
        if !inEffect, case let keys = parsed.entries.map(\.key).filter(DockerdFlagParser.storageFlags.values.contains),
            !keys.isEmpty
        {
            problems.append(
                ConfigProblem(
                    severity: .warning,
                    message: "\(path) sets \(keys.joined(separator: ", ")), but dockerd reads \(configFile) instead "
                        + "(--config-file); these values are not in effect.", path: path))
        }
    }
}
