/// docker.service as systemd assembles it: the unit file that wins, its drop-ins in order, and the
/// `ExecStart=`, `Environment=` and `EnvironmentFile=` lists after resets.
struct SystemdService: Sendable {
    static let unitName = "docker.service"
    /// Searched in this order; the first unit file found wins (systemd's unit search path, system scope).
    static let unitDirectories = [
        "/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
    ]

    struct File: Sendable {
        var path: String
        var kind: ConfigSource.Kind
        var unit: SystemdUnitFile
    }

    /// One `Key=value` of the [Service] section, with the file and line that set it.
    struct Directive: Sendable {
        var value: String
        var path: String
        var kind: ConfigSource.Kind
        var line: Int
    }

    struct EnvironmentFileReference: Sendable {
        var path: String
        /// Written with a leading `-`: a missing file is not an error.
        var optional: Bool
        var directive: Directive
    }

    /// nil when there is no docker.service, or it is masked.
    var unit: File?
    /// The unit path that links to /dev/null, if docker.service is masked.
    var maskedAt: String?
    var dropIns: [File]
    var execStarts: [Directive] = []
    var environment: [Directive] = []
    var environmentFiles: [EnvironmentFileReference] = []

    static func load(from files: HostFileReader) throws -> SystemdService {
        var unit: File?
        var maskedAt: String?
        for directory in unitDirectories {
            let path = directory + "/" + unitName
            switch try files.lookUp(path) {
            case .file(let text): unit = File(path: path, kind: .systemdUnit, unit: SystemdUnitFile.parse(text))
            case .devNull: maskedAt = path
            case .missing, .directory, .notAFile: continue
            }
            break
        }
        var service = SystemdService(unit: unit, maskedAt: maskedAt, dropIns: try loadDropIns(from: files))
        if unit != nil { service.collectDirectives() }
        return service
    }

    /// Whether a unit of this name exists in any unit directory.
    static func unitExists(_ name: String, in files: HostFileReader) throws -> Bool {
        for directory in unitDirectories where try files.exists(directory + "/" + name) { return true }
        return false
    }

    /// Drop-ins of all directories, sorted by file name; a name found in an earlier directory hides the
    /// same name in later ones (so merged-/usr hosts, where /lib is /usr/lib, do not count a file twice).
    private static func loadDropIns(from files: HostFileReader) throws -> [File] {
        var chosen: [String: File] = [:]
        var hidden: Set<String> = []
        for directory in unitDirectories {
            let dropInDirectory = directory + "/" + unitName + ".d"
            for name in try files.contentsOfDirectory(dropInDirectory).sorted() where name.hasSuffix(".conf") {
                guard chosen[name] == nil, !hidden.contains(name) else { continue }
                let path = dropInDirectory + "/" + name
                switch try files.lookUp(path) {
                case .file(let text):
                    chosen[name] = File(path: path, kind: .systemdDropIn, unit: SystemdUnitFile.parse(text))
                case .devNull: hidden.insert(name)
                case .missing, .directory, .notAFile: continue
                }
            }
        }
        // systemd orders drop-ins by plain byte comparison of their names.
        return chosen.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }.map(\.value)
    }

    private mutating func collectDirectives() {
        let files = (unit.map { [$0] } ?? []) + dropIns
        for file in files {
            for entry in file.unit.entries where entry.section == "Service" {
                let directive = Directive(value: entry.value, path: file.path, kind: file.kind, line: entry.line)
                // An empty assignment resets the list built so far, which is how drop-ins replace ExecStart.
                switch entry.key {
                case "ExecStart":
                    if entry.value.isEmpty { execStarts.removeAll() } else { execStarts.append(directive) }
                case "Environment":
                    if entry.value.isEmpty { environment.removeAll() } else { environment.append(directive) }
                case "EnvironmentFile":
                    if entry.value.isEmpty {
                        environmentFiles.removeAll()
                    } else {
                        let optional = entry.value.hasPrefix("-")
                        let path = optional ? String(entry.value.dropFirst()).trimmingBlanks() : entry.value
                        environmentFiles.append(
                            EnvironmentFileReference(path: path, optional: optional, directive: directive))
                    }
                default:
                    continue
                }
            }
        }
    }
}
