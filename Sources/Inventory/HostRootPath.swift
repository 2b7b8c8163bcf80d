/// Comparison of host paths as the operator writes them (`/var/lib/docker/` equals `/var/lib/docker`).
enum HostRootPath {
    static func normalized(_ path: String) -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
