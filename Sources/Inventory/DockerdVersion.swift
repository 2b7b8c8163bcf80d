/// Reads the version out of `dockerd --version` ("Docker version 20.10.24+dfsg1, build 5d6db84").
enum DockerdVersion {
    static func parse(_ output: String) -> String? {
        guard let range = output.range(of: "version ") else { return nil }
        let rest = output[range.upperBound...]
        let version = rest.prefix { $0 != "," && !$0.isWhitespace }
        return version.isEmpty ? nil : String(version)
    }
}
