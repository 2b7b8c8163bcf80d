import HostSystem

/// The validator for daemon.json writes: the installed dockerd's own `--validate` where it has one, JSON checks
/// always. A host without a usable dockerd binary (a dead install) still gets the JSON checks.
public enum ConfigValidation {
    public static func validator() async -> DockerdValidator {
        let path = CommandRunner.which("dockerd") ?? DockerdValidator.defaultDockerdPath
        if let detected = try? await DockerdValidator.detect(dockerdPath: path) { return detected }
        return DockerdValidator(dockerdPath: path, supportsValidate: false)
    }
}
