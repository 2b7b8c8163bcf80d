import Foundation

/// `repositories.json`: which references (tags and digests) point at which image.
public struct RepositoryIndex: Sendable, Hashable {
    /// Reference (`busybox:latest` or `busybox@sha256:...`) -> image ID.
    public let references: [String: Digest]

    public init(references: [String: Digest]) {
        self.references = references
    }

    public static let empty = RepositoryIndex(references: [:])

    public func tags(of image: Digest) -> [String] {
        references.filter { $0.value == image && !$0.key.contains("@") }.map(\.key).sorted()
    }

    public func repoDigests(of image: Digest) -> [String] {
        references.filter { $0.value == image && $0.key.contains("@") }.map(\.key).sorted()
    }

    /// Parses the file's bytes; `path` is only for error messages.
    public static func parse(_ data: Data, path: String) throws -> RepositoryIndex {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw DockerStateError.corrupt(path: path, reason: "not valid JSON (\(describe(error)))")
        }
        guard let top = object as? [String: Any], let repositories = top["Repositories"] as? [String: Any] else {
            throw DockerStateError.corrupt(path: path, reason: "no \"Repositories\" object at the top level")
        }
        var references: [String: Digest] = [:]
        for (repository, value) in repositories {
            guard let entries = value as? [String: Any] else {
                throw DockerStateError.corrupt(path: path, reason: "repository \"\(repository)\" is not an object")
            }
            for (reference, target) in entries {
                guard let text = target as? String, let digest = Digest(text) else {
                    throw DockerStateError.corrupt(path: path, reason: "\"\(reference)\" does not point at an image ID")
                }
                references[reference] = digest
            }
        }
        return RepositoryIndex(references: references)
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
