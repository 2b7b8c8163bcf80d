/// Why a fleet summary could not be made. Each message names the file and what to do.
public enum FleetSummaryError: Error, CustomStringConvertible {
    case unreadableDirectory(path: String, reason: String)
    case unreadableReport(path: String, reason: String)
    case unknownReportFormat(path: String, found: Int)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            return "the reports directory \(path) cannot be read (\(reason)); give the directory the fleet playbook "
                + "fetched its reports into (drivershift_reports_dir)"
        case .unreadableReport(let path, let reason):
            return "\(path) is not a drivershift report: \(reason). Fetch it again (run the playbook again for "
                + "that host) or remove the file to leave the host out"
        case .unknownReportFormat(let path, let found):
            return "\(path) is a report of format version \(found); this drivershift reads version "
                + "1. Make the summary with the drivershift that wrote the reports"
        }
    }
}
