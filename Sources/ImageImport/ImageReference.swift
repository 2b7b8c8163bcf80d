/// Image references as Docker writes them in repositories.json and the API: the familiar form (`busybox:1`,
/// `team/app@sha256:…`), split where Docker splits them.
enum ImageReference {
    /// The familiar form: `docker.io/library/busybox:1` and `library/busybox:1` are `busybox:1`, as docker
    /// writes them; other registries keep their name.
    static func familiar(_ reference: String) -> String {
        for prefix in ["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/", "library/"]
        where reference.hasPrefix(prefix) {
            return String(reference.dropFirst(prefix.count))
        }
        return reference
    }

    /// `registry:5000/team/app:1` -> (`registry:5000/team/app`, `1`): the tag follows the last colon after the last
    /// slash; a reference without one is `:latest`, as docker reads it. Nil for a digest reference.
    static func splitTag(_ reference: String) -> (repository: String, tag: String)? {
        guard !reference.contains("@") else { return nil }
        let slash = reference.lastIndex(of: "/") ?? reference.startIndex
        guard let colon = reference[slash...].lastIndex(of: ":") else {
            return reference.isEmpty ? nil : (reference, "latest")
        }
        let repository = String(reference[..<colon])
        let tag = String(reference[reference.index(after: colon)...])
        guard !repository.isEmpty, !tag.isEmpty else { return nil }
        return (repository, tag)
    }

    /// `team/app@sha256:<hex>` -> (`team/app`, `sha256:<hex>`); nil unless the digest is a sha256 of 64 hex digits.
    static func splitDigest(_ reference: String) -> (repository: String, digest: String)? {
        guard let at = reference.firstIndex(of: "@") else { return nil }
        let repository = String(reference[..<at])
        let digest = String(reference[reference.index(after: at)...])
        guard !repository.isEmpty, digest.hasPrefix("sha256:"), isHex(digest.dropFirst(7)) else { return nil }
        return (repository, digest)
    }

    /// The short form for messages: the first 12 hex digits of an ID.
    static func shortID(_ id: String) -> String {
        id.hasPrefix("sha256:") ? "sha256:" + id.dropFirst(7).prefix(12) : id
    }
}
