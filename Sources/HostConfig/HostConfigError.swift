/// Failures that stop HostConfig from reading a host's Docker configuration at all.
///
/// Things the inventory can report and go on from (a daemon.json that does not parse, a unit that
/// names a missing file) are `ConfigProblem`s instead; these are the ones where carrying on would
/// give a wrong picture of the host.
public enum HostConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `path` is the host path; `location` is where it was looked for (different under a test or mounted root).
    case permissionDenied(path: String, location: String)
    case unreadable(path: String, location: String, reason: String)
    case fileTooLarge(path: String, location: String, bytes: Int, limit: Int)
    case symlinkLoop(path: String)
    case unterminatedQuote(text: String)

    public var description: String {
        switch self {
        case .permissionDenied(let path, let location):
            return "cannot read \(Self.place(path, location)): permission denied. Docker's configuration is "
                + "readable by root only on many hosts; run drivershift as root (for example with sudo)."
        case .unreadable(let path, let location, let reason):
            return "cannot read \(Self.place(path, location)): \(reason). Check the file and the file system "
                + "it is on, then run drivershift again."
        case .fileTooLarge(let path, let location, let bytes, let limit):
            return "\(Self.place(path, location)) is \(bytes) bytes, more than the \(limit) bytes a configuration "
                + "file can plausibly need; check that it really is the configuration file (not a log or an "
                + "image written over it)."
        case .symlinkLoop(let path):
            return "\(path) leads through more than 40 symbolic links (a loop?); fix the links so that it "
                + "points at a file."
        case .unterminatedQuote(let text):
            return "a quote is opened but never closed in: \(text). Close the quote."
        }
    }

    private static func place(_ path: String, _ location: String) -> String {
        path == location ? path : "\(path) (at \(location))"
    }
}
