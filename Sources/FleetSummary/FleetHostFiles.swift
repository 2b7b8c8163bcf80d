/// The files the fleet playbook fetches into `<reports dir>/<inventory host>/`, which the summary reads.
public enum FleetHostFiles {
    /// `drivershift report PLAN --format json` of the plan made on the host.
    public static let dryRunJSON = "dry-run.json"
    public static let dryRunHTML = "dry-run.html"
    /// The final report and journal from the run's state directory on the host.
    public static let finalJSON = "report.json"
    public static let finalHTML = "report.html"
    /// Written by the playbook when a task fails: `{"task": "...", "message": "..."}`.
    public static let failure = "failure.json"
}
