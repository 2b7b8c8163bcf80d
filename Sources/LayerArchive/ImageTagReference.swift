/// A `repository:tag` reference split the way docker save's `repositories` file keys it.
struct ImageTagReference: Sendable, Hashable {
    let repository: String
    let tag: String

    /// `registry:5000/team/app:1` -> (`registry:5000/team/app`, `1`): the tag follows the last colon after the
    /// last slash. Nil for a reference without a tag or with a digest.
    init?(_ reference: String) {
        guard !reference.contains("@") else { return nil }
        let slash = reference.lastIndex(of: "/") ?? reference.startIndex
        guard let colon = reference[slash...].lastIndex(of: ":") else { return nil }
        let repository = String(reference[..<colon])
        let tag = String(reference[reference.index(after: colon)...])
        guard !repository.isEmpty, !tag.isEmpty else { return nil }
        self.repository = repository
        self.tag = tag
    }

    /// Docker Hub names compared in their short form: containerd tools write `docker.io/library/busybox:1`
    /// where docker writes `busybox:1`, and both name the same image.
    static func familiar(_ reference: String) -> String {
        for prefix in ["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/", "library/"]
        where reference.hasPrefix(prefix) {
            return String(reference.dropFirst(prefix.count))
        }
        return reference
    }
}
