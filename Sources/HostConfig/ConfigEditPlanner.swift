import HostSystem

/// Plans the configuration edits that switch dockerd's storage driver, for every place the inventory found.
///
/// After the edits there is exactly one source of each storage key: daemon.json sets `storage-driver` (and
/// `storage-opts`); every flag source loses its storage flags, in effect or not, so nothing stale comes back;
/// the legacy `graph`/`-g` becomes `data-root`/`--data-root`. Files are edited surgically: only the members,
/// assignments and `ExecStart=` words that change differ, every other byte stays. Nothing is written here:
/// the plan is checked by reading the configuration again with the planned contents laid over the host's files.
public enum ConfigEditPlanner {
    public static func plan(
        configuration: DockerConfiguration, hostRoot: HostRoot, target: StorageTarget
    ) throws -> ConfigEditPlan {
        let files = HostFileReader(hostRoot: hostRoot)
        var planning = ConfigEditPlanning(configuration: configuration, files: files, target: target)
        try planning.planDaemonJSON()
        try planning.planSystemd()
        try planning.planVariableFiles()
        try planning.planStorageSetup()

        let edits = planning.workspace.edits
        var overlaid = files
        overlaid.overlay = Dictionary(
            edits.map { (HostFileReader.normalized($0.path), $0.after) }, uniquingKeysWith: { $1 })
        let resulting = try DockerConfigurationReader.read(files: overlaid)
        let check = ConfigEditVerifier(
            original: configuration, resulting: resulting, target: target,
            expectedOptions: planning.expectedOptions, storageSetupRuns: planning.storageSetupRuns)
        return ConfigEditPlan(
            target: target, edits: edits, resulting: resulting, unresolved: planning.unresolved + check.problems)
    }
}

/// The files a plan changes, each with its contents before and after all of the plan's changes to it.
struct ConfigEditWorkspace {
    private struct Change {
        var before: String?
        var after: String
        var reasons: [String]
        var mode: UInt16
    }

    private var changes: [String: Change] = [:]
    private var order: [String] = []

    /// The planned contents of `path`, if the plan already changes it.
    func planned(_ path: String) -> String? { changes[path]?.after }

    mutating func record(_ path: String, before: String?, after: String, reason: String, mode: UInt16 = 0o644) {
        if var change = changes[path] {
            change.after = after
            change.reasons.append(reason)
            changes[path] = change
            return
        }
        changes[path] = Change(before: before, after: after, reasons: [reason], mode: mode)
        order.append(path)
    }

    var edits: [PlannedFileEdit] {
        order.compactMap { path in
            guard let change = changes[path], change.before != change.after else { return nil }
            return PlannedFileEdit(
                path: path, before: change.before, after: change.after,
                reason: change.reasons.joined(separator: "; "), newFileMode: change.mode)
        }
    }
}

/// One planning run: the configuration as read, the files, and what has been planned and refused so far.
struct ConfigEditPlanning {
    let configuration: DockerConfiguration
    let files: HostFileReader
    let target: StorageTarget
    var workspace = ConfigEditWorkspace()
    var unresolved: [ConfigProblem] = []
    /// Whether a container-storage-setup unit exists to rewrite /etc/sysconfig/docker-storage at boot.
    var storageSetupRuns = false

    init(configuration: DockerConfiguration, files: HostFileReader, target: StorageTarget) {
        self.configuration = configuration
        self.files = files
        self.target = target
    }

    /// The user's storage options in effect, from daemon.json and from flags (flags move into daemon.json).
    var userOptions: [String] {
        let inEffect = configuration.settings.filter { $0.key == "storage-opts" && $0.source.inEffect }
        let json = inEffect.filter { $0.kind == .daemonJSON }.flatMap(\.values)
        let flags = inEffect.filter { $0.kind == .dockerdFlag }.flatMap(\.values)
        return json + flags
    }

    var expectedOptions: [String] { StorageOptionRules.options(for: target, keeping: userOptions) }

    /// The contents of a host file as the plan has it so far; nil when it does not exist. A path that is not
    /// a regular file is refused with a problem and also gives nil, with `usable` false.
    mutating func contents(of path: String) throws -> (text: String?, usable: Bool) {
        if let planned = workspace.planned(path) { return (planned, true) }
        switch try files.lookUp(path) {
        case .file(let text):
            return (text, true)
        case .missing:
            return (nil, true)
        case .devNull:
            refuse(
                "\(path) is a link to /dev/null (masked); drivershift does not replace it. Remove the link, then plan "
                    + "again.", path: path)
            return (nil, false)
        case .directory, .notAFile:
            refuse("\(path) is not a regular file; replace it with a file, then plan again.", path: path)
            return (nil, false)
        }
    }

    mutating func refuse(_ message: String, path: String?, line: Int? = nil) {
        unresolved.append(ConfigProblem(severity: .error, message: message, path: path, line: line))
    }

    // MARK: - daemon.json

    mutating func planDaemonJSON() throws {
        let path = configuration.configFile
        let (original, usable) = try contents(of: path)
        guard usable else { return }
        var editor: DaemonJSONEditor
        do {
            editor = try DaemonJSONEditor(original)
        } catch .invalidJSON(let failure) {
            refuse(
                "\(path) is not valid JSON (\(failure.message), line \(failure.line), column \(failure.column)); it "
                    + "cannot be edited safely. Fix it, then plan again.", path: path, line: failure.line)
            return
        } catch {
            refuse("\(path) does not hold a JSON object; make it one ({}), then plan again.", path: path)
            return
        }
        var notes: [String] = []
        let driverBefore = editor.values(of: "storage-driver").last as? String
        if editor.setString("storage-driver", to: target.driverName) {
            notes.append("storage-driver \(driverBefore ?? "(unset)") -> \(target.driverName)")
        }
        let options = expectedOptions
        do {
            if options.isEmpty {
                if editor.remove("storage-opts") { notes.append("storage-opts removed (options of the old driver)") }
            } else if try editor.setStringArray("storage-opts", to: options) {
                notes.append("storage-opts [\(options.joined(separator: ", "))]")
            }
        } catch {
            refuse("\"storage-opts\" in \(path) is not a list of strings; fix it, then plan again.", path: path)
        }
        if editor.contains("graph") {
            let graph = editor.values(of: "graph").last as? String
            if !editor.contains("data-root") {
                editor.rename("graph", to: "data-root")
                notes.append("graph renamed to data-root")
            } else if graph != nil && graph == editor.values(of: "data-root").last as? String {
                editor.remove("graph")
                notes.append("graph removed (data-root has the same value)")
            } else {
                refuse(
                    "\(path) sets both graph and data-root, to different values; dockerd refuses both at once. Keep "
                        + "the one that names the real data root, then plan again.", path: path)
            }
        }
        guard !notes.isEmpty else { return }
        let action = original == nil ? "create with " : ""
        workspace.record(path, before: original, after: editor.text, reason: action + notes.joined(separator: ", "))
    }
}
