import DockerState

/// Parent links between images, to tell dangling images from a builder's intermediate steps.
struct ImageGraph {
    private let parents: Set<Digest>

    init(parentLinks: [Digest?]) {
        parents = Set(parentLinks.compactMap { $0 })
    }

    func hasChildren(_ image: Digest) -> Bool { parents.contains(image) }
}
